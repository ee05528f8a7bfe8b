package io.etcdpanel.runtime.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Component;

/**
 * Starts, finds and stops local etcd processes, each writing to its member's log (set aside at
 * start once it grows past {@code etcdpanel.local.log-rotate-size}). A member's process is
 * recognised by its data dir on its command line, so a restarted panel finds the processes it
 * started before (they run in their own session and outlive the panel) and never starts a second one.
 */
@Component
class EtcdProcesses {

    private static final Path PROC = Path.of("/proc");

    private final LocalRuntimeProperties properties;

    EtcdProcesses(LocalRuntimeProperties properties) {
        this.properties = properties;
    }

    /** The running process of this member, if there is one. */
    Optional<ProcessHandle> find(MemberDirectory member) {
        String dataDirFlag = dataDirFlag(member);
        Optional<ProcessHandle> byPidFile = readPid(member).flatMap(ProcessHandle::of)
                .filter(process -> runsWith(process.pid(), dataDirFlag));
        return byPidFile.isPresent() ? byPidFile : scan(dataDirFlag);
    }

    /** Starts etcd with these arguments, its output appended to the member's log. */
    ProcessHandle launch(MemberDirectory member, Path binary, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.add(binary.toString());
        command.add(dataDirFlag(member));
        command.addAll(arguments);
        try {
            Files.createDirectories(member.root());
            rotateLog(member);
            Files.writeString(member.logFile(), "--- etcd-panel starts " + member.memberName() + " at " + Instant.now() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(member.logFile().toFile()))
                    .redirectErrorStream(true)
                    .start();
            Files.writeString(member.pidFile(), Long.toString(process.pid()), StandardCharsets.UTF_8);
            return process.toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start etcd for " + member.memberName() + ": " + e.getMessage(), e);
        }
    }

    private void rotateLog(MemberDirectory member) throws IOException {
        if (Files.exists(member.logFile()) && Files.size(member.logFile()) > properties.logRotateSize().toBytes()) {
            Files.move(member.logFile(), member.logFile().resolveSibling(member.logFile().getFileName() + ".1"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Asks the process to stop, and kills it when it has not stopped in time. */
    void stop(ProcessHandle process, Duration timeout) {
        process.destroy();
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            process.onExit().completeOnTimeout(process, timeout.toMillis(), TimeUnit.MILLISECONDS).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (java.util.concurrent.ExecutionException e) {
            process.destroyForcibly();
        }
    }

    private static String dataDirFlag(MemberDirectory member) {
        return "--data-dir=" + member.dataDir();
    }

    private static Optional<Long> readPid(MemberDirectory member) {
        try {
            return Files.exists(member.pidFile())
                    ? Optional.of(Long.parseLong(Files.readString(member.pidFile(), StandardCharsets.UTF_8).trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<ProcessHandle> scan(String dataDirFlag) {
        return ProcessHandle.allProcesses()
                .filter(process -> runsWith(process.pid(), dataDirFlag))
                .findFirst();
    }

    private static boolean runsWith(long pid, String dataDirFlag) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0")).contains(dataDirFlag);
        } catch (IOException e) {
            return false;
        }
    }
}
