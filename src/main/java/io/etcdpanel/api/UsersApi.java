package io.etcdpanel.api;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;

import io.etcdpanel.security.UserRequest;
import io.etcdpanel.security.UserService;
import io.etcdpanel.security.UserView;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/users}: admins list, create, change (role, password) and remove the people who sign in. */
@Tag(name = ApiTags.USERS)
@RestController
@RequestMapping("/api/v1/users")
class UsersApi {

    private final UserService users;

    UsersApi(UserService users) {
        this.users = users;
    }

    @Operation(operationId = "listUsers", summary = "List panel users")
    @GetMapping
    List<UserView> list() {
        return users.list();
    }

    @Operation(operationId = "createUser", summary = "Create a panel user")
    @ApiResponse(responseCode = "201", description = "Created: the user, with `Location`")
    @PostMapping
    ResponseEntity<UserView> create(@RequestBody UserRequest request) {
        UserView created = users.create(request);
        return ResponseEntity.created(URI.create("/api/v1/users/" + created.username())).body(created);
    }

    @Operation(operationId = "changeUser", summary = "Change a user's role or password")
    @PatchMapping(path = "/{username}", consumes = {"application/merge-patch+json", "application/json"})
    UserView change(@PathVariable String username, @RequestBody UserRequest request) {
        return users.change(username, request);
    }

    @Operation(operationId = "deleteUser", summary = "Remove a panel user (never the last admin)")
    @ApiResponse(responseCode = "204", description = "Removed")
    @DeleteMapping("/{username}")
    ResponseEntity<Void> delete(@PathVariable String username) {
        users.delete(username);
        return ResponseEntity.noContent().build();
    }
}
