package io.etcdpanel.etcd;

import java.util.List;

/** One entry of etcd's member list. The name is empty until a newly added member has started. */
public record EtcdMember(String id, String name, List<String> peerUrls, List<String> clientUrls, boolean learner) {

    public boolean started() {
        return !name.isEmpty();
    }

    public boolean hasPeerUrl(String url) {
        return peerUrls.contains(url);
    }
}
