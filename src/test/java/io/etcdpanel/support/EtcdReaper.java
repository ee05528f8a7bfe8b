package io.etcdpanel.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds, signals and kills etcd processes a test left behind under its data dir. The panel leaves members
 * running when it stops (on purpose), so a test that ends must clean up after itself.
 */
public final class EtcdReaper {

    private EtcdReaper() {
    }

    public static List<ProcessHandle> processesUnder(Path dataDir) {
        String marker = "--data-dir=" + dataDir.toAbsolutePath().normalize();
        return ProcessHandle.allProcesses().filter(process -> commandLine(process.pid()).contains(marker)).toList();
    }

    public static void killAllUnder(Path dataDir) {
        processesUnder(dataDir).forEach(ProcessHandle::destroyForcibly);
    }

    /** Sends a signal (STOP to hang a member, CONT to let it go on) to each process. */
    public static void signal(String signal, List<ProcessHandle> processes) throws IOException, InterruptedException {
        for (ProcessHandle process : processes) {
            if (!new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS)) {
                throw new IOException("kill -" + signal + " " + process.pid() + " did not end");
            }
        }
    }

    /** A process's command line as {@code /proc} has it, arguments joined by spaces; empty when it is gone. */
    public static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
