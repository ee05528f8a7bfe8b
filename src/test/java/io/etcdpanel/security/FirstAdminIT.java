package io.etcdpanel.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.PanelProcess;
import io.etcdpanel.support.PanelUnderTest;
import org.junit.jupiter.api.Test;

/** A panel started without an admin password makes one, prints it on its console once, and never again on later starts. */
class FirstAdminIT {

    private static final Pattern PRINTED = Pattern.compile("password: (\\S+)");

    @Test
    void theGeneratedPasswordIsPrintedOnceAndSignsTheAdminIn() throws IOException {
        Path dataDir = PanelUnderTest.temporaryDirectory("etcdpanel-first-admin-");
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-panel.log");
        // blank, as an unset environment variable would leave it: overrides the test panels' fixed password
        PanelProcess panel = new PanelProcess(dataDir, "24900-24909", log, List.of("--etcdpanel.security.admin-password="));
        panel.start();
        String password;
        try {
            Matcher printed = PRINTED.matcher(Files.readString(log));
            assertThat(printed.find()).as("a password printed in " + log).isTrue();
            password = printed.group(1);
            assertThat(Files.readString(log).split(Pattern.quote(password), -1)).as("the password printed exactly once").hasSize(2);
            PanelApi admin = panel.api().as("admin", password);
            assertThat(admin.get("/api/v1/users").status()).isEqualTo(200);
            assertThat(panel.api().as("admin", PanelApi.ADMIN_PASSWORD).get("/api/v1/users").status())
                    .as("the fixed test password was not used").isEqualTo(401);
        } finally {
            panel.stop();
        }
        long before = Files.readString(log).length();
        panel.start();
        try {
            assertThat(Files.readString(log).substring((int) before)).as("a later start").doesNotContain("first admin ====")
                    .doesNotContain(password);
            assertThat(panel.api().as("admin", password).get("/api/v1/users").status()).isEqualTo(200);
        } finally {
            panel.stop();
        }
    }
}
