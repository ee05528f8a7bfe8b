package io.etcdpanel.support.kube;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import io.fabric8.kubernetes.client.KubernetesClient;

/** What every pod worker of one agent shares. */
record AgentContext(
        KubernetesClient client,
        String nodeName,
        PodNetwork network,
        AgentHost host,
        PodVolumes.Objects objects,
        Map<String, String> executables,
        Path logDir,
        Duration maxProbePeriod,
        Duration maxGracePeriod,
        ScheduledExecutorService probes,
        ExecutorService work,
        Runnable requestSync,
        AgentLog log) {
}
