package io.etcdpanel.etcd;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Owns the time bounds of every call the panel makes to etcd. */
@ConfigurationProperties("etcdpanel.etcd")
public record EtcdProperties(
        @DefaultValue("3s") Duration callTimeout,
        @DefaultValue("2s") Duration connectTimeout) {
}
