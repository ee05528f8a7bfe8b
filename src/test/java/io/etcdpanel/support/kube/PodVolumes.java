package io.etcdpanel.support.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;

/**
 * A pod's volumes as host directories: a ConfigMap as one file per key in the pod's directory (rewritten when the
 * ConfigMap changes), a projected volume likewise (ConfigMap keys, downward API fields, a ServiceAccount token asked
 * for once), a claim as the claim's directory (kept across pods, deleted with the claim), an emptyDir as a directory
 * of the pod. Other volume kinds (secrets among them), and subPath mounts, are refused.
 */
final class PodVolumes {

    /** A host directory and where the container sees it. */
    record Mount(Path source, String mountPath, boolean readOnly) {
    }

    /** The cluster objects volumes are made from, as the informers hold them. */
    interface Objects {
        ConfigMap configMap(String namespace, String name);

        PersistentVolumeClaim claim(String namespace, String name);

        /** A ServiceAccount token bound to the pod (TokenRequest API), as a kubelet gets one for a projected volume. */
        String serviceAccountToken(Pod pod, String audience, long expirationSeconds);
    }

    private final AgentHost host;
    private final Pod pod;
    private final Map<String, String> tokens = new HashMap<>();

    PodVolumes(AgentHost host, Pod pod) {
        this.host = host;
        this.pod = pod;
    }

    /** Brings every volume of the container up to date and says where each is mounted. */
    List<Mount> prepare(Container container, Objects objects) throws ContainerConfigException, NotReadyYet, IOException {
        Map<String, Path> sources = new LinkedHashMap<>();
        for (Volume volume : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
            sources.put(volume.getName(), prepare(volume, objects));
        }
        List<Mount> mounts = new ArrayList<>();
        for (VolumeMount mount : container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
            Path source = sources.get(mount.getName());
            if (source == null) {
                throw new ContainerConfigException("volumeMount " + mount.getName() + " names no volume of the pod");
            }
            if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()
                    || mount.getSubPathExpr() != null && !mount.getSubPathExpr().isEmpty()) {
                throw new ContainerConfigException("volumeMount " + mount.getName() + ": subPath is not supported by the test node agent");
            }
            if (!mount.getMountPath().startsWith("/")) {
                throw new ContainerConfigException("volumeMount " + mount.getName() + ": mountPath must be absolute");
            }
            mounts.add(new Mount(source, mount.getMountPath(), Boolean.TRUE.equals(mount.getReadOnly())));
        }
        // a mount inside another is made after it
        mounts.sort(java.util.Comparator.comparing(mount -> Path.of(mount.mountPath()).getNameCount()));
        return mounts;
    }

    private Path prepare(Volume volume, Objects objects) throws ContainerConfigException, NotReadyYet, IOException {
        String namespace = pod.getMetadata().getNamespace();
        if (volume.getConfigMap() != null) {
            ConfigMapVolumeSource source = volume.getConfigMap();
            return files(volume.getName(), configMapFiles(source.getName(), source.getItems(), source.getOptional(), objects));
        }
        if (volume.getProjected() != null) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (VolumeProjection projection : volume.getProjected().getSources()) {
                files.putAll(projected(volume.getName(), projection, objects));
            }
            return files(volume.getName(), files);
        }
        if (volume.getPersistentVolumeClaim() != null) {
            String name = volume.getPersistentVolumeClaim().getClaimName();
            PersistentVolumeClaim claim = objects.claim(namespace, name);
            if (claim == null) {
                throw new NotReadyYet("persistentvolumeclaim \"" + name + "\" not found");
            }
            return Files.createDirectories(host.claimDir(namespace, name, claim.getMetadata().getUid()));
        }
        if (volume.getEmptyDir() != null) {
            return Files.createDirectories(host.podDir(pod.getMetadata().getUid()).resolve("emptydir-" + volume.getName()));
        }
        throw new ContainerConfigException("volume " + volume.getName()
                + ": only configMap, projected (configMap, downwardAPI, serviceAccountToken), persistentVolumeClaim and emptyDir are supported");
    }

    private Map<String, byte[]> projected(String volume, VolumeProjection projection, Objects objects)
            throws ContainerConfigException, NotReadyYet {
        if (projection.getConfigMap() != null) {
            ConfigMapProjection source = projection.getConfigMap();
            return configMapFiles(source.getName(), source.getItems(), source.getOptional(), objects);
        }
        if (projection.getDownwardAPI() != null) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (DownwardAPIVolumeFile item : projection.getDownwardAPI().getItems()) {
                if (item.getFieldRef() == null) {
                    throw new ContainerConfigException("volume " + volume + ": only fieldRef downwardAPI items are supported");
                }
                files.put(item.getPath(), downward(item.getFieldRef().getFieldPath()).getBytes(StandardCharsets.UTF_8));
            }
            return files;
        }
        if (projection.getServiceAccountToken() != null) {
            ServiceAccountTokenProjection source = projection.getServiceAccountToken();
            String token = tokens.computeIfAbsent(volume + "/" + source.getPath(), key -> objects.serviceAccountToken(pod,
                    source.getAudience(), source.getExpirationSeconds() == null ? 3600 : source.getExpirationSeconds()));
            return Map.of(source.getPath(), token.getBytes(StandardCharsets.UTF_8));
        }
        throw new ContainerConfigException("volume " + volume + ": only configMap, downwardAPI and serviceAccountToken projections are supported");
    }

    private Map<String, byte[]> configMapFiles(String name, List<KeyToPath> items, Boolean optional, Objects objects) throws NotReadyYet {
        ConfigMap map = objects.configMap(pod.getMetadata().getNamespace(), name);
        if (map == null) {
            if (Boolean.TRUE.equals(optional)) {
                return Map.of();
            }
            throw new NotReadyYet("configmap \"" + name + "\" not found");
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        if (map.getData() != null) {
            map.getData().forEach((key, value) -> keys.put(key, value.getBytes(StandardCharsets.UTF_8)));
        }
        if (map.getBinaryData() != null) {
            map.getBinaryData().forEach((key, value) -> keys.put(key, Base64.getDecoder().decode(value)));
        }
        if (items == null || items.isEmpty()) {
            return keys;
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (KeyToPath item : items) {
            if (keys.containsKey(item.getKey())) {
                files.put(item.getPath(), keys.get(item.getKey()));
            } else if (!Boolean.TRUE.equals(optional)) {
                throw new NotReadyYet("configmap \"" + name + "\" has no key " + item.getKey());
            }
        }
        return files;
    }

    private String downward(String path) throws ContainerConfigException {
        switch (path) {
            case "metadata.name":
                return pod.getMetadata().getName();
            case "metadata.namespace":
                return pod.getMetadata().getNamespace();
            case "metadata.uid":
                return pod.getMetadata().getUid();
            case "metadata.labels":
            case "metadata.annotations":
                Map<String, String> values = "metadata.labels".equals(path) ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
                StringBuilder lines = new StringBuilder();
                new java.util.TreeMap<>(values == null ? Map.<String, String>of() : values)
                        .forEach((key, value) -> lines.append(key).append("=\"").append(value).append("\"\n"));
                return lines.toString();
            default:
                throw new ContainerConfigException("downwardAPI " + path + " is not supported by the test node agent");
        }
    }

    /** The volume's directory in the pod's directory, holding exactly these files. */
    private Path files(String volume, Map<String, byte[]> files) throws IOException {
        Path dir = Files.createDirectories(host.podDir(pod.getMetadata().getUid()).resolve("volume-" + volume));
        write(dir, files);
        return dir;
    }

    /** Each file written whole and renamed into place; keys gone from the ConfigMap are deleted. */
    private static void write(Path dir, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = dir.resolve(file.getKey()).normalize();
            if (!target.startsWith(dir)) {
                continue;
            }
            Files.createDirectories(target.getParent());
            if (Files.isRegularFile(target) && java.util.Arrays.equals(Files.readAllBytes(target), file.getValue())) {
                continue;
            }
            Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
            Files.write(temp, file.getValue());
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        Set<Path> wanted = files.keySet().stream().map(key -> dir.resolve(key).normalize()).collect(java.util.stream.Collectors.toSet());
        try (Stream<Path> existing = Files.walk(dir)) {
            for (Path file : existing.filter(Files::isRegularFile).toList()) {
                if (!wanted.contains(file)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Deletes the pod's own directories (ConfigMap files, emptyDirs); claims stay. */
    void delete() {
        HostCommands.deleteRecursively(host.podDir(pod.getMetadata().getUid()));
    }
}
