package io.etcdpanel.support.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** What the agent did, one line per act, in {@code agent.log} beside the pods' logs and on stderr. */
final class AgentLog {

    private final Path file;

    AgentLog(Path file) {
        this.file = file;
    }

    synchronized void info(String message) {
        String line = Instant.now() + " " + message;
        System.err.println("test node agent: " + message);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // stderr has it
        }
    }
}
