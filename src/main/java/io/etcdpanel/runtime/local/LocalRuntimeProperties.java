package io.etcdpanel.runtime.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Owns the settings of the local runtime: the port range, the etcd binaries it may use, and the
 * size past which a member's log is set aside (as {@code etcd.log.1}) when the member starts.
 */
@ConfigurationProperties("etcdpanel.local")
public record LocalRuntimeProperties(
        @DefaultValue("23000-23999") PortRange ports,
        @DefaultValue List<Path> etcdPaths,
        @DefaultValue("10s") Duration stopTimeout,
        @DefaultValue("5s") Duration versionTimeout,
        @DefaultValue("64MB") DataSize logRotateSize) {
}
