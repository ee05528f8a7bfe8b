package io.etcdpanel.etcd;

import java.io.IOException;

/** etcd's snapshot tool ran and refused: its own words say why. */
public class EtcdToolRefused extends IOException {

    public EtcdToolRefused(String message) {
        super(message);
    }
}
