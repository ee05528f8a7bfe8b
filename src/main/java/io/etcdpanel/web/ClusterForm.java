package io.etcdpanel.web;

import io.etcdpanel.catalogue.ClusterRequest;

/** What the create form holds between a submit and its re-render: the fields exactly as typed. */
class ClusterForm {

    private String name;
    private Integer replicas = 3;
    private String runtime;
    private String version;
    private Long quotaBackendBytes;

    ClusterRequest toRequest() {
        return new ClusterRequest(name, replicas, blankToNull(version), runtime, null, null, null, quotaBackendBytes);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name == null ? null : name.strip();
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public String getRuntime() {
        return runtime;
    }

    public void setRuntime(String runtime) {
        this.runtime = runtime;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public Long getQuotaBackendBytes() {
        return quotaBackendBytes;
    }

    public void setQuotaBackendBytes(Long quotaBackendBytes) {
        this.quotaBackendBytes = quotaBackendBytes;
    }
}
