package io.etcdpanel.runtime.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Owns the settings of the local runtime: the port range and the etcd binaries it may use. */
@ConfigurationProperties("etcdpanel.local")
public record LocalRuntimeProperties(
        @DefaultValue("23000-23999") PortRange ports,
        @DefaultValue List<Path> etcdPaths,
        @DefaultValue("10s") Duration stopTimeout,
        @DefaultValue("5s") Duration versionTimeout) {
}
