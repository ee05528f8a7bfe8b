package io.etcdpanel.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last lines of a log, however long the log is. */
class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void theLastLinesOfALogLongerThanOneBlockComeBackInOrder() throws IOException {
        Path log = dir.resolve("etcd.log");
        Files.writeString(log, IntStream.rangeClosed(1, 20_000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n")));
        assertThat(LogTail.lastLines(log, 200)).hasSize(200).startsWith("line 19801").endsWith("line 20000");
    }

    @Test
    void aShortLogComesBackWholeAndAMissingOneEmpty() throws IOException {
        Path log = dir.resolve("short.log");
        Files.writeString(log, "one\ntwo");
        assertThat(LogTail.lastLines(log, 200)).containsExactly("one", "two");
        assertThat(LogTail.lastLines(dir.resolve("none.log"), 200)).isEmpty();
    }
}
