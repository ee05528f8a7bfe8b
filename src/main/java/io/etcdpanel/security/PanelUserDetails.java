package io.etcdpanel.security;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reads a user for sign-in (form or HTTP Basic) from the database. */
@Component
class PanelUserDetails implements UserDetailsService {

    private final UserRepository users;

    PanelUserDetails(UserRepository users) {
        this.users = users;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        PanelUser user = users.findById(username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
        return User.withUsername(user.username()).password(user.passwordHash()).authorities(user.role().authorities()).build();
    }
}
