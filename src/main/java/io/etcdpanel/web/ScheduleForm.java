package io.etcdpanel.web;

import io.etcdpanel.backup.ScheduleRequest;
import io.etcdpanel.backup.ScheduleView;
import org.springframework.validation.Errors;

/** What the schedule form holds between a submit and its re-render: the fields exactly as typed. */
class ScheduleForm {

    private String cron;
    private String timeZone;
    private boolean enabled = true;
    private String keepLast;
    private String maxAge;

    /** A new schedule starts empty, enabled, in the given zone. */
    static ScheduleForm startingIn(String timeZone) {
        ScheduleForm form = new ScheduleForm();
        form.timeZone = timeZone;
        return form;
    }

    static ScheduleForm of(ScheduleView schedule) {
        ScheduleForm form = new ScheduleForm();
        form.cron = schedule.cron();
        form.timeZone = schedule.timeZone();
        form.enabled = schedule.enabled();
        form.keepLast = schedule.keepLast() == null ? null : schedule.keepLast().toString();
        form.maxAge = schedule.maxAge();
        return form;
    }

    /** The request the schedule service checks; a keep-last that is not a whole number cannot reach it, so it is refused here. */
    ScheduleRequest toRequest(Errors errors) {
        Integer keep = null;
        if (keepLast != null && !keepLast.isBlank()) {
            try {
                keep = Integer.valueOf(keepLast.strip());
            } catch (NumberFormatException e) {
                errors.rejectValue("keepLast", "invalid", "must be a whole number");
            }
        }
        return new ScheduleRequest(cron, timeZone, enabled, keep, maxAge == null || maxAge.isBlank() ? null : maxAge.strip());
    }

    public String getCron() {
        return cron;
    }

    public void setCron(String cron) {
        this.cron = cron;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone == null ? null : timeZone.strip();
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getKeepLast() {
        return keepLast;
    }

    public void setKeepLast(String keepLast) {
        this.keepLast = keepLast;
    }

    public String getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(String maxAge) {
        this.maxAge = maxAge;
    }
}
