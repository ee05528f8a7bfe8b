package io.etcdpanel.support.kube;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.etcdpanel.catalogue.EtcdVersion;
import io.etcdpanel.etcd.EtcdRelease;
import io.etcdpanel.support.HostReleases;

/**
 * Stands an etcd image in by the host's binaries of its tag's release: {@code /usr/local/bin/etcd} of
 * {@code gcr.io/etcd-development/etcd:v3.6.17} runs this host's etcd 3.6.17 (see {@link HostReleases}).
 */
final class ImageReleases {

    private static final Map<String, Function<EtcdRelease, Path>> TOOLS = Map.of(
            "/usr/local/bin/etcd", EtcdRelease::etcd,
            "/usr/local/bin/etcdctl", EtcdRelease::etcdctl,
            "/usr/local/bin/etcdutl", EtcdRelease::etcdutl);

    private ImageReleases() {
    }

    /** The host binary for the image's {@code imagePath}, when the image's tag names a release this host has with that tool. */
    static Optional<String> hostBinary(String image, String imagePath) {
        Function<EtcdRelease, Path> tool = TOOLS.get(imagePath);
        String tag = tag(image);
        if (tool == null || tag == null) {
            return Optional.empty();
        }
        try {
            return HostReleases.find(EtcdVersion.parse(tag).toString()).map(tool).map(Path::toString);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a tag that is no release, e.g. latest
        }
    }

    private static String tag(String image) {
        if (image == null) {
            return null;
        }
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : null;
    }
}
