package io.etcdpanel.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

import io.etcdpanel.catalogue.FieldProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes the first admin when no user exists: with etcdpanel.security.admin-password when set, otherwise with a
 * generated password printed once on the console (never through the log).
 */
@Component
class FirstAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final SecurityProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    FirstAdmin(UserRepository users, PasswordEncoder passwords, SecurityProperties properties, TransactionTemplate transactions,
            Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
        if (!generates(properties)) {
            List<FieldProblem> problems = Credentials.problems();
            Credentials.checkPassword(properties.adminPassword(), problems);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("etcdpanel.security.admin-password: " + problems.get(0).message());
            }
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.count() > 0) {
            return;
        }
        boolean generated = generates(properties);
        String password = generated ? generate() : properties.adminPassword();
        try {
            transactions.executeWithoutResult(status -> {
                if (users.count() == 0) {
                    String hash = passwords.encode(password);
                    users.save(generated
                            ? PanelUser.withGeneratedPassword(properties.adminUsername(), hash, Role.ADMIN, clock.instant())
                            : new PanelUser(properties.adminUsername(), hash, Role.ADMIN, clock.instant()));
                }
            });
        } catch (DataAccessException raced) {
            if (users.count() == 0) {
                throw raced;
            }
            log.info("another panel made the first admin at the same time");
            return;
        }
        log.info("made the first admin, {}, with the password {}", properties.adminUsername(),
                generated ? "printed on the console" : "of etcdpanel.security.admin-password");
        if (generated) {
            System.out.println("""

                    ==== etcd-panel: first admin ====
                    user:     %s
                    password: %s
                    Shown this once only: sign in, and the panel asks you to choose your own;
                    or set etcdpanel.security.admin-password before the first start.
                    =================================
                    """.formatted(properties.adminUsername(), password));
        }
    }

    /** An empty setting (an environment variable left blank) counts as unset. */
    private static boolean generates(SecurityProperties properties) {
        return properties.adminPassword() == null || properties.adminPassword().isBlank();
    }

    private static String generate() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
