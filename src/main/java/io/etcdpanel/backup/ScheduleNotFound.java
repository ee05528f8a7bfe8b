package io.etcdpanel.backup;

/** The cluster has no backup schedule. */
public class ScheduleNotFound extends RuntimeException {

    public ScheduleNotFound(String cluster) {
        super("cluster " + cluster + " has no backup schedule");
    }
}
