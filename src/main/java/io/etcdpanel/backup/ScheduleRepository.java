package io.etcdpanel.backup;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Stores backup schedules. */
interface ScheduleRepository extends JpaRepository<BackupSchedule, String> {

    @Query("select s from BackupSchedule s where s.enabled = true and s.nextRunAt <= :now")
    List<BackupSchedule> due(Instant now);

    /**
     * Claims one due run: moves the next run on only if nobody else did, so with two panels on one
     * database a due run is taken exactly once.
     */
    @Modifying
    @Query("update BackupSchedule s set s.lastRunAt = :now, s.nextRunAt = :next where s.cluster = :cluster and s.nextRunAt = :due")
    int claim(String cluster, Instant due, Instant now, Instant next);
}
