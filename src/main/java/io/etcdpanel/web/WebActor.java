package io.etcdpanel.web;

/** Who the event log names when someone acts through a page; there is no sign-in yet. */
final class WebActor {

    static final String NAME = "web";

    private WebActor() {
    }
}
