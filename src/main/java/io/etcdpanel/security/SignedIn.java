package io.etcdpanel.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is acting in the current request, as events and the audit name them: a user's name, or {@code token:<name>}. */
public final class SignedIn {

    private SignedIn() {
    }

    public static String name() {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        return who == null || who instanceof AnonymousAuthenticationToken ? "anonymous" : who.getName();
    }
}
