package io.etcdpanel.events;

import java.util.Locale;

/** Which of a cluster's events to show: of one type or both, and those whose reason or message contains a text. */
public record EventFilter(EventType type, String text) {

    public static final EventFilter ALL = new EventFilter(null, null);

    public EventFilter {
        text = text == null || text.isBlank() ? null : text.strip();
    }

    public boolean any() {
        return type != null || text != null;
    }

    /** The text as a case-insensitive LIKE pattern, its own % and _ taken literally (escaped with \). */
    String likePattern() {
        if (text == null) {
            return null;
        }
        String escaped = text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
