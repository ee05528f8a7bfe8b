package io.etcdpanel.etcd;

/** An alarm raised by etcd on one member (NOSPACE, CORRUPT). */
public record Alarm(String memberId, String type) {
}
