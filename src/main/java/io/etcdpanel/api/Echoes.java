package io.etcdpanel.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Cuts what a problem repeats from the request short, so a huge value does not come back (twice) in the answer. */
final class Echoes {

    static final int MAX_RUN = 100;
    static final int MAX_MESSAGE = 1000;
    private static final Pattern LONG_RUN = Pattern.compile("\\S{" + (MAX_RUN + 1) + ",}");

    private Echoes() {
    }

    /** Every run without a space longer than {@link #MAX_RUN} keeps its start and an ellipsis; the whole is held to {@link #MAX_MESSAGE}. */
    static String cut(String message) {
        if (message == null) {
            return null;
        }
        String cut = LONG_RUN.matcher(message).replaceAll(run -> Matcher.quoteReplacement(run.group().substring(0, MAX_RUN) + "…"));
        return cut.length() <= MAX_MESSAGE ? cut : cut.substring(0, MAX_MESSAGE) + "…";
    }
}
