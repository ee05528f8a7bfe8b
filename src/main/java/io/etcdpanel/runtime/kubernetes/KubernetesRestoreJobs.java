package io.etcdpanel.runtime.kubernetes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.runtime.kubernetes.desired.EtcdObjects;
import io.etcdpanel.runtime.kubernetes.desired.EtcdRestoreJobs;
import io.etcdpanel.runtime.kubernetes.desired.RestoreJobPlan;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Owns the members' restore Jobs: runs one to its end (a Job an earlier attempt left is deleted first),
 * says why one failed from its conditions and the failing container's log, and deletes them.
 */
@Component
@ConditionalOnProperty(prefix = "etcdpanel.kubernetes", name = "enabled", havingValue = "true")
class KubernetesRestoreJobs {

    /** The label the Job controller puts on a Job's pods. */
    static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
    private static final int LOG_LINES = 10;

    private final KubernetesClient client;
    private final KubernetesApplier applier;
    private final KubernetesProperties properties;

    KubernetesRestoreJobs(KubernetesClient client, KubernetesApplier applier, KubernetesProperties properties) {
        this.client = client;
        this.applier = applier;
        this.properties = properties;
    }

    /** Runs the member's restore Job and returns once it succeeded and is gone; throws with the reason when it did not. */
    void run(ClusterSpec cluster, RestoreJobPlan plan) {
        String namespace = EtcdObjects.namespace(cluster);
        String name = EtcdRestoreJobs.name(plan.member());
        deleteAndAwait(namespace, name);
        applier.apply(EtcdRestoreJobs.job(cluster, plan, properties.settings()));
        Duration deadline = plan.deadline().plus(properties.podTimeout());
        Job ended;
        try {
            ended = client.batch().v1().jobs().inNamespace(namespace).withName(name)
                    .waitUntilCondition(job -> job == null || ended(job), deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new IllegalStateException("the restore Job " + namespace + "/" + name + " did not end within " + deadline.toSeconds()
                    + " s; " + podsSay(namespace, name));
        }
        if (ended == null) {
            throw new IllegalStateException("the restore Job " + namespace + "/" + name + " was deleted before it ended");
        }
        if (!condition(ended, "Complete")) {
            String why = podsSay(namespace, name);
            deleteAndAwait(namespace, name);
            throw new IllegalStateException("the restore Job " + namespace + "/" + name + " failed: " + failure(ended) + "; " + why);
        }
        deleteAndAwait(namespace, name);
    }

    /** Deletes every restore Job of the cluster, with their pods. */
    void deleteAll(ClusterSpec cluster) {
        String namespace = EtcdObjects.namespace(cluster);
        client.batch().v1().jobs().inNamespace(namespace).withLabels(EtcdRestoreJobs.labels(cluster)).list().getItems()
                .forEach(job -> deleteAndAwait(namespace, job.getMetadata().getName()));
    }

    /** Deletes the Job and then its pods (the API's default for a Job leaves them), and waits until all are gone. */
    private void deleteAndAwait(String namespace, String name) {
        applier.delete(Job.class, namespace, name);
        client.pods().inNamespace(namespace).withLabel(JOB_NAME_LABEL, name).list().getItems()
                .forEach(pod -> applier.delete(Pod.class, namespace, pod.getMetadata().getName()));
        Duration deadline = properties.podTimeout();
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(name)
                    .waitUntilCondition(Objects::isNull, deadline.toMillis(), TimeUnit.MILLISECONDS);
            client.pods().inNamespace(namespace).withLabel(JOB_NAME_LABEL, name)
                    .waitUntilCondition(Objects::isNull, deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new IllegalStateException("the restore Job " + namespace + "/" + name + " or its pod was not gone within "
                    + deadline.toSeconds() + " s of deleting it");
        }
    }

    private static boolean ended(Job job) {
        return condition(job, "Complete") || condition(job, "Failed");
    }

    private static boolean condition(Job job, String type) {
        return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
                .anyMatch(condition -> type.equals(condition.getType()) && "True".equals(condition.getStatus()));
    }

    private static String failure(Job job) {
        return job.getStatus().getConditions().stream().filter(condition -> "Failed".equals(condition.getType()))
                .map(JobCondition::getMessage).filter(Objects::nonNull).findFirst().orElse("no reason given");
    }

    /** What the Job's pods say: the containers that failed, with their last log lines. */
    private String podsSay(String namespace, String job) {
        List<String> said = new ArrayList<>();
        for (Pod pod : client.pods().inNamespace(namespace).withLabel(JOB_NAME_LABEL, job).list().getItems()) {
            if (pod.getStatus() == null) {
                continue;
            }
            List<ContainerStatus> statuses = new ArrayList<>();
            if (pod.getStatus().getInitContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getInitContainerStatuses());
            }
            if (pod.getStatus().getContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getContainerStatuses());
            }
            statuses.stream()
                    .filter(status -> status.getState() != null && status.getState().getTerminated() != null
                            && status.getState().getTerminated().getExitCode() != 0)
                    .forEach(status -> said.add("container " + status.getName() + " exited with "
                            + status.getState().getTerminated().getExitCode() + ": " + logTail(pod, status.getName())));
        }
        return said.isEmpty() ? "no container of its pod failed" : String.join("; ", said);
    }

    private String logTail(Pod pod, String container) {
        try {
            String log = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .inContainer(container).tailingLines(LOG_LINES).getLog();
            return log == null || log.isBlank() ? "(no output)" : log.strip().replace('\n', ' ');
        } catch (KubernetesClientException e) {
            return "(its log could not be read: " + e.getMessage() + ")";
        }
    }
}
