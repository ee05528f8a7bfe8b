package io.etcdpanel.web;

import java.util.EnumSet;
import java.util.Set;

import io.etcdpanel.catalogue.Phase;
import io.etcdpanel.health.MemberHealth;

/**
 * How a member's health reads on a page: a member not answering yet because it is being brought up (not started,
 * a learner catching up, or its cluster being created or restored) is starting, not unhealthy.
 */
enum MemberState {
    HEALTHY("healthy", "success"),
    STARTING("starting", "secondary"),
    UNHEALTHY("unhealthy", "danger");

    private static final Set<Phase> BRINGING_UP = EnumSet.of(Phase.Pending, Phase.Creating, Phase.Restoring);

    private final String label;
    private final String colour;

    MemberState(String label, String colour) {
        this.label = label;
        this.colour = colour;
    }

    static MemberState of(MemberHealth member, Phase clusterPhase) {
        if (member.healthy()) {
            return HEALTHY;
        }
        boolean notStarted = member.name() == null || member.name().isEmpty();
        return notStarted || member.learner() || BRINGING_UP.contains(clusterPhase) ? STARTING : UNHEALTHY;
    }

    public String label() {
        return label;
    }

    /** The Bootstrap colour of its badge. */
    public String colour() {
        return colour;
    }
}
