package io.etcdpanel.lease;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.etcdpanel.config.PanelProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Owns this panel's claim on the database lease that lets one panel of several reconcile and run schedules, and its
 * presence, by which other panels tell it is alive. Every {@code renew-every} the presence is renewed for the lease's
 * duration, and one conditional update takes the lease when it expired or renews it when it is ours. Times are
 * the panels' own clocks (the injected Clock), as the schedule claim's are: hosts must agree to well under the lease's
 * duration. A panel declared the only one ({@code etcdpanel.replicas=1}) takes the lease at start whoever held it.
 */
@Component
public class LeaderLease implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeaderLease.class);
    private static final Instant NEVER = Instant.EPOCH;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final LeaseProperties properties;
    private final LeaseTerm term;
    private final boolean onlyPanel;
    private final ApplicationEventPublisher publisher;
    private final String instanceId = UUID.randomUUID().toString();
    private ScheduledExecutorService timer;
    private volatile Instant renewedAt;
    private volatile long fencing;
    private volatile boolean wasHeld;
    private volatile boolean ready;

    LeaderLease(JdbcTemplate jdbc, Clock clock, LeaseProperties properties, PanelProperties panel, ApplicationEventPublisher publisher) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.term = new LeaseTerm(properties.duration());
        this.onlyPanel = panel.replicas() == 1;
        this.publisher = publisher;
    }

    /** The panels alive now (their presence not lapsed by this panel's clock), this one always among them. */
    public Set<String> livePanels() {
        Set<String> live = new HashSet<>(jdbc.queryForList("select instance from panel_presence where expires_at > ?", String.class,
                utc(clock.instant())));
        live.add(instanceId);
        return live;
    }

    /** Whether this panel holds the lease now: renewed, and not yet expired by its own clock. */
    public boolean held() {
        return term.holds(renewedAt, clock.instant());
    }

    /** Whether this panel is declared the only one ({@code etcdpanel.replicas=1}): at its takeover no other panel counts as alive. */
    public boolean declaredOnly() {
        return onlyPanel;
    }

    public String instanceId() {
        return instanceId;
    }

    long fencing() {
        return fencing;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "leader-lease");
            thread.setDaemon(true);
            return thread;
        });
        addRowIfMissing();
        // present before the web server opens: a backup asked of this panel at once is never taken for a gone panel's
        renewPresence(clock.instant());
        if (ready) {
            // started again after a stop (a context paused and resumed): claim as at the first start
            beginClaiming();
        }
    }

    /** The first claim once the panel is up, on the caller's thread, so a lone panel resumes its work at once. */
    @EventListener(ApplicationReadyEvent.class)
    void claimAtStart() {
        ready = true;
        beginClaiming();
    }

    private void beginClaiming() {
        claim(onlyPanel);
        timer.scheduleWithFixedDelay(() -> claim(false), properties.renewEvery().toMillis(), properties.renewEvery().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Stops renewing and, when held, lets the lease go so another panel takes it at its next try. */
    @Override
    public void stop() {
        // a renewal under way ends first: an interrupt in the middle of H2's file I/O closes the database
        timer.shutdown();
        try {
            if (!timer.awaitTermination(properties.renewEvery().toMillis(), TimeUnit.MILLISECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            jdbc.update("delete from panel_presence where instance = ?", instanceId);
        } catch (DataAccessException e) {
            log.warn("presence of {}: could not end it, other panels see it gone once it lapses: {}", instanceId, e.getMessage());
        }
        if (renewedAt == null) {
            return;
        }
        try {
            jdbc.update("update panel_lease set holder = null, expires_at = ? where name = ? and holder = ?", utc(NEVER),
                    properties.name(), instanceId);
            log.info("lease {}: released by {} at shutdown", properties.name(), instanceId);
        } catch (DataAccessException e) {
            log.warn("lease {}: could not release it, another panel takes it once it expires: {}", properties.name(), e.getMessage());
        }
        renewedAt = null;
        wasHeld = false;
    }

    @Override
    public boolean isRunning() {
        return timer != null && !timer.isShutdown();
    }

    /** Starts before and stops after the loops it gates, so they never act on a lease already let go. */
    @Override
    public int getPhase() {
        return 0;
    }

    private void claim(boolean whoeverHolds) {
        Instant now = clock.instant();
        try {
            // the presence first: it lapses no later than a lease renewed in the same round, so a taker sees the holder gone
            renewPresence(now);
            int taken = jdbc.update("update panel_lease set holder = ?, renewed_at = ?, expires_at = ?, "
                    + "fencing = fencing + case when holder = ? then 0 else 1 end where name = ?"
                    + (whoeverHolds ? "" : " and (holder = ? or expires_at <= ?)"),
                    whoeverHolds ? new Object[] {instanceId, utc(now), utc(term.expiresAt(now)), instanceId, properties.name()}
                            : new Object[] {instanceId, utc(now), utc(term.expiresAt(now)), instanceId, properties.name(), instanceId,
                                    utc(now)});
            if (taken == 1) {
                renewedAt = now;
                jdbc.update("delete from panel_presence where expires_at <= ?", utc(now));
                fencing = jdbc.queryForObject("select fencing from panel_lease where name = ?", Long.class, properties.name());
            } else {
                renewedAt = null;
            }
        } catch (DataAccessException e) {
            log.warn("lease {}: could not renew: {}", properties.name(), e.getMessage());
        }
        noticeChange();
    }

    private void noticeChange() {
        boolean held = held();
        if (held == wasHeld) {
            return;
        }
        wasHeld = held;
        if (held) {
            log.info("lease {}: this panel ({}) now holds it (fencing {}) and reconciles and runs schedules", properties.name(),
                    instanceId, fencing);
            publisher.publishEvent(new LeaseTaken(instanceId, fencing));
        } else {
            log.warn("lease {}: this panel ({}) no longer holds it; it serves pages and the API only", properties.name(), instanceId);
        }
    }

    private void renewPresence(Instant now) {
        if (jdbc.update("update panel_presence set expires_at = ? where instance = ?", utc(term.expiresAt(now)), instanceId) == 0) {
            jdbc.update("insert into panel_presence (instance, expires_at) values (?, ?)", instanceId, utc(term.expiresAt(now)));
        }
    }

    private void addRowIfMissing() {
        Integer rows = jdbc.queryForObject("select count(*) from panel_lease where name = ?", Integer.class, properties.name());
        if (rows != null && rows == 0) {
            try {
                jdbc.update("insert into panel_lease (name, expires_at, fencing) values (?, ?, 0)", properties.name(), utc(NEVER));
            } catch (DataIntegrityViolationException e) {
                // another panel added it first
            }
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
