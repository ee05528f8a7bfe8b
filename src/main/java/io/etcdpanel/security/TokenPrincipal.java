package io.etcdpanel.security;

/** Who acts when a request carries a token: named {@code token:<name>} in events and the audit. */
record TokenPrincipal(String tokenName, Role role) {

    String actor() {
        return "token:" + tokenName;
    }
}
