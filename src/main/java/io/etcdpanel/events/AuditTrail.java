package io.etcdpanel.events;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The one writer of the audit: a change is written before it runs and completed after, and refusals are written whole. */
@Service
public class AuditTrail {

    static final int MAX_LISTED = 1000;

    private final AuditRepository entries;
    private final SnapshotFingerprints fingerprints;
    private final Clock clock;

    AuditTrail(AuditRepository entries, SnapshotFingerprints fingerprints, Clock clock) {
        this.entries = entries;
        this.fingerprints = fingerprints;
        this.clock = clock;
    }

    /** Writes that a change starts; returns the entry's id, to finish it with. */
    @Transactional
    public long started(String actor, String method, String path) {
        AuditSubject subject = AuditSubject.of(method, path);
        return entries.save(new AuditEntry(clock.instant(), actor, method, path, subject, fingerprint(subject.snapshotId()))).id();
    }

    /** Completes an entry; a cluster or snapshot learnt only from the request's body or answer is added. */
    @Transactional
    public void finished(long id, AuditOutcome outcome, Integer status, String detail, String cluster, String snapshotId) {
        entries.findById(id).ifPresent(entry -> {
            entry.about(cluster, snapshotId, fingerprint(snapshotId));
            entry.finish(clock.instant(), outcome, status, detail);
        });
    }

    /**
     * Writes a whole entry at once: an attempt refused before it could start (a failed sign-in, a forged form) or
     * something done outside a change's own handling (a sign-in). A null action is read from the method and path.
     */
    @Transactional
    public void whole(String actor, String action, String method, String path, AuditOutcome outcome, Integer status, String detail) {
        AuditSubject derived = AuditSubject.of(method, path);
        AuditSubject subject = action == null ? derived : new AuditSubject(action, derived.cluster(), derived.snapshotId());
        AuditEntry entry = new AuditEntry(clock.instant(), actor, method, path, subject, null);
        entry.finish(clock.instant(), outcome, status, detail);
        entries.save(entry);
    }

    @Transactional(readOnly = true)
    public List<AuditView> list(AuditQuery query) {
        Instant from = query.from() == null ? Instant.EPOCH : query.from();
        Instant to = query.to() == null ? Instant.parse("9999-12-31T00:00:00Z") : query.to();
        return entries.newestFirst(blankToNull(query.cluster()), blankToNull(query.actor()), from, to,
                PageRequest.of(0, Math.max(1, Math.min(query.limit(), MAX_LISTED)))).stream().map(AuditEntry::view).toList();
    }

    /** The sha256 of the snapshot named, when there is one and it is stored. */
    private String fingerprint(String snapshotId) {
        return Optional.ofNullable(snapshotId).flatMap(fingerprints::sha256).orElse(null);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
