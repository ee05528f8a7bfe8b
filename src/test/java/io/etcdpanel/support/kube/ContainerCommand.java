package io.etcdpanel.support.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * A container's command line and environment as a kubelet makes them from the pod spec: env in order (values,
 * fieldRefs, ConfigMap keys), {@code $(VAR)} expansion in env, command and args, and the image's executable mapped
 * to a binary on this host (the only translation the agent makes): etcd's of the image tag's release where the host
 * has it, else the agent's own mapping.
 */
final class ContainerCommand {

    private static final Pattern LABEL_OR_ANNOTATION = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

    /** What to exec: the host binary and its arguments, and the container's environment. */
    record Resolved(List<String> argv, Map<String, String> env) {
    }

    /** What a fieldRef can name that is not in the pod object yet when the container starts. */
    record PodFacts(String podIp, String hostIp, String nodeName) {
    }

    private ContainerCommand() {
    }

    /**
     * @param executables an image path (the container's {@code command[0]}) to the host binary that stands in for it
     * @param configMaps  (namespace, name) to the ConfigMap, or null when there is none
     */
    static Resolved resolve(Pod pod, Container container, PodFacts facts, Map<String, String> executables,
            BiFunction<String, String, ConfigMap> configMaps) throws ContainerConfigException, NotReadyYet {
        Map<String, String> env = environment(pod, container, facts, configMaps);
        List<String> command = container.getCommand() == null ? List.of() : container.getCommand();
        if (command.isEmpty()) {
            throw new ContainerConfigException("container " + container.getName()
                    + " has no command: the image's entrypoint is unknown to the test node agent");
        }
        String executable = ImageReleases.hostBinary(container.getImage(), command.get(0)).orElse(executables.get(command.get(0)));
        if (executable == null) {
            throw new ContainerConfigException("command " + command.get(0) + " of image " + container.getImage()
                    + " has no host binary (the agent knows " + executables.keySet() + ")");
        }
        List<String> argv = new ArrayList<>();
        argv.add(executable);
        command.subList(1, command.size()).forEach(part -> argv.add(expand(part, env)));
        if (container.getArgs() != null) {
            container.getArgs().forEach(arg -> argv.add(expand(arg, env)));
        }
        return new Resolved(List.copyOf(argv), env);
    }

    /** The container's env in order; each value may refer to the ones before it. */
    static Map<String, String> environment(Pod pod, Container container, PodFacts facts,
            BiFunction<String, String, ConfigMap> configMaps) throws ContainerConfigException, NotReadyYet {
        if (container.getEnvFrom() != null && !container.getEnvFrom().isEmpty()) {
            throw new ContainerConfigException("envFrom is not supported by the test node agent");
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (container.getEnv() == null) {
            return env;
        }
        for (EnvVar variable : container.getEnv()) {
            String value;
            if (variable.getValueFrom() == null) {
                value = expand(variable.getValue() == null ? "" : variable.getValue(), env);
            } else {
                value = valueFrom(pod, variable.getName(), variable.getValueFrom(), facts, configMaps);
                if (value == null) {
                    continue; // an optional reference to a missing key: the variable is not set
                }
            }
            env.put(variable.getName(), value);
        }
        return env;
    }

    private static String valueFrom(Pod pod, String name, EnvVarSource source, PodFacts facts,
            BiFunction<String, String, ConfigMap> configMaps) throws ContainerConfigException, NotReadyYet {
        if (source.getFieldRef() != null) {
            return field(pod, source.getFieldRef().getFieldPath(), facts);
        }
        if (source.getConfigMapKeyRef() != null) {
            ConfigMapKeySelector ref = source.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            ConfigMap map = configMaps.apply(pod.getMetadata().getNamespace(), ref.getName());
            String value = map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
            if (value == null && !optional) {
                throw new NotReadyYet("env " + name + ": key " + ref.getKey() + " of ConfigMap " + ref.getName() + " not found");
            }
            return value;
        }
        throw new ContainerConfigException("env " + name + ": only value, fieldRef and configMapKeyRef are supported");
    }

    private static String field(Pod pod, String path, PodFacts facts) throws ContainerConfigException {
        switch (path) {
            case "metadata.name":
                return pod.getMetadata().getName();
            case "metadata.namespace":
                return pod.getMetadata().getNamespace();
            case "metadata.uid":
                return pod.getMetadata().getUid();
            case "spec.nodeName":
                return facts.nodeName();
            case "spec.serviceAccountName":
                return pod.getSpec().getServiceAccountName();
            case "status.podIP":
            case "status.podIPs":
                return facts.podIp();
            case "status.hostIP":
            case "status.hostIPs":
                return facts.hostIp();
            default:
                Matcher matcher = LABEL_OR_ANNOTATION.matcher(path);
                if (matcher.matches()) {
                    Map<String, String> values = "labels".equals(matcher.group(1)) ? pod.getMetadata().getLabels()
                            : pod.getMetadata().getAnnotations();
                    return values == null ? "" : values.getOrDefault(matcher.group(2), "");
                }
                throw new ContainerConfigException("fieldRef " + path + " is not supported by the test node agent");
        }
    }

    /**
     * Kubernetes' expansion (k8s.io/kubernetes third_party/forked/golang/expansion): {@code $(NAME)} becomes the
     * variable's value when it is defined and stays as written when not; {@code $$} is a literal {@code $}.
     */
    static String expand(String input, Map<String, String> variables) {
        StringBuilder out = new StringBuilder();
        int checkpoint = 0;
        for (int cursor = 0; cursor < input.length(); cursor++) {
            if (input.charAt(cursor) == '$' && cursor + 1 < input.length()) {
                out.append(input, checkpoint, cursor);
                char next = input.charAt(cursor + 1);
                int advance = 1;
                if (next == '$') {
                    out.append('$');
                } else if (next == '(') {
                    int close = input.indexOf(')', cursor + 2);
                    if (close < 0) {
                        out.append("$(");
                    } else {
                        String name = input.substring(cursor + 2, close);
                        String value = variables.get(name);
                        out.append(value != null ? value : "$(" + name + ")");
                        advance = close - cursor;
                    }
                } else {
                    out.append('$').append(next);
                }
                cursor += advance;
                checkpoint = cursor + 1;
            }
        }
        out.append(input, Math.min(checkpoint, input.length()), input.length());
        return out.toString();
    }
}
