package io.etcdpanel.security;

/** A user to create, or the fields of one to change (null: leave as is). */
public record UserRequest(String username, String password, String role) {
}
