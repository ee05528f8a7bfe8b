package io.etcdpanel.web;

/** A one-time message shown at the top of the next page, with its Bootstrap alert colour. */
record Flash(String colour, String text) {

    static final String ATTRIBUTE = "flash";

    static Flash success(String text) {
        return new Flash("success", text);
    }

    static Flash danger(String text) {
        return new Flash("danger", text);
    }
}
