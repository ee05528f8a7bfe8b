package io.etcdpanel.reconcile;

import java.util.List;

/** What one reconcile pass does to bring a cluster closer to its spec; at most one membership change. */
sealed interface Action {

    /** A sentence for status messages and events. */
    String describe();

    /** Whether nothing is left to do. */
    default boolean converged() {
        return false;
    }

    /** Start a brand-new cluster: these members, all at once, with initial-cluster-state=new. */
    record Bootstrap(List<String> members) implements Action {
        public String describe() {
            return "bootstrapping " + members.size() + " member" + (members.size() == 1 ? "" : "s");
        }
    }

    /** Start again members that have stopped. */
    record Restart(List<String> members) implements Action {
        public String describe() {
            return String.join(", ", members) + (members.size() == 1 ? " is" : " are") + " not running; restarting";
        }
    }

    /** Add a new member to etcd as a learner, then start it with initial-cluster-state=existing. */
    record AddLearner(String member) implements Action {
        public String describe() {
            return "adding " + member + " as a learner";
        }
    }

    /** Start a learner etcd already knows about but that has never run. */
    record StartLearner(String member) implements Action {
        public String describe() {
            return "starting learner " + member;
        }
    }

    /** Make a caught-up learner a voting member. */
    record Promote(String member, String memberId) implements Action {
        public String describe() {
            return "promoting learner " + member;
        }
    }

    /** Hand leadership away from a member that is about to leave. */
    record MoveLeader(String from, String toId, String to) implements Action {
        public String describe() {
            return "moving leadership from " + from + " to " + to + " before " + from + " leaves";
        }
    }

    /** Remove a member from etcd, then stop it and delete its data. */
    record Remove(String member, String memberId, String why) implements Action {
        public String describe() {
            return "removing " + (member.isEmpty() ? memberId : member) + ": " + why;
        }
    }

    /** Stop and delete a process etcd no longer counts as a member (or a planned one no longer wanted). */
    record DeleteInstance(String member, String why) implements Action {
        public String describe() {
            return "deleting " + member + ": " + why;
        }
    }

    /** Stop every member, delete their data (or keep their volumes), and drop the cluster from the catalogue. */
    record TearDown(boolean keepVolumes) implements Action {
        public String describe() {
            return keepVolumes ? "stopping members and keeping their volumes (data)" : "stopping members and deleting their data";
        }
    }

    /** Nothing can be done safely now; look again soon. */
    record Wait(String reason) implements Action {
        public String describe() {
            return reason;
        }
    }

    /** The cluster matches its spec. */
    record Converged() implements Action {
        public String describe() {
            return "the cluster matches its spec";
        }

        @Override
        public boolean converged() {
            return true;
        }
    }
}
