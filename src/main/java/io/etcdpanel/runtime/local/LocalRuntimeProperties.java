package io.etcdpanel.runtime.local;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Owns the settings of the local runtime: the port range, how long a member has to stop, and the
 * size past which a member's log is set aside (as {@code etcd.log.1}) when the member starts.
 */
@ConfigurationProperties("etcdpanel.local")
public record LocalRuntimeProperties(
        @DefaultValue("23000-23999") PortRange ports,
        @DefaultValue("10s") Duration stopTimeout,
        @DefaultValue("64MB") DataSize logRotateSize) {
}
