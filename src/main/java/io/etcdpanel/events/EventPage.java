package io.etcdpanel.events;

import java.util.List;

/** One page of a cluster's events, newest first, and where it sits among all that match (page numbers from 0). */
public record EventPage(List<EventView> events, int page, int pages, long total) {

    public boolean hasNewer() {
        return page > 0;
    }

    public boolean hasOlder() {
        return page + 1 < pages;
    }
}
