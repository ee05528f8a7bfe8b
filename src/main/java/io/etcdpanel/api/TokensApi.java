package io.etcdpanel.api;

import java.net.URI;
import java.util.List;

import io.etcdpanel.security.CreatedToken;
import io.etcdpanel.security.SignedIn;
import io.etcdpanel.security.TokenRequest;
import io.etcdpanel.security.TokenService;
import io.etcdpanel.security.TokenView;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/tokens}: admins make API tokens (the secret is in this one answer only), list and revoke them. */
@RestController
@RequestMapping("/api/v1/tokens")
class TokensApi {

    private final TokenService tokens;

    TokensApi(TokenService tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    List<TokenView> list() {
        return tokens.list();
    }

    @PostMapping
    ResponseEntity<CreatedToken> create(@RequestBody TokenRequest request) {
        CreatedToken created = tokens.create(request, SignedIn.name());
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + created.token().id())).body(created);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable String id) {
        tokens.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
