package io.etcdpanel.security;

import java.time.Clock;
import java.util.List;

import io.etcdpanel.catalogue.FieldProblem;
import io.etcdpanel.catalogue.InvalidSpec;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The one writer of users: creates, changes and removes them, and never lets the last admin go. */
@Service
public class UserService {

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final Clock clock;

    UserService(UserRepository users, PasswordEncoder passwords, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<UserView> list() {
        return users.findAllByOrderByUsername().stream().map(PanelUser::view).toList();
    }

    @Transactional
    public UserView create(UserRequest request) {
        List<FieldProblem> problems = Credentials.problems();
        Credentials.checkName("username", request.username(), problems);
        Credentials.checkPassword(request.password(), problems);
        Role role = Credentials.role(request.role(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidSpec(problems);
        }
        if (users.existsById(request.username())) {
            throw new UsernameTaken(request.username());
        }
        return users.save(new PanelUser(request.username(), passwords.encode(request.password()), role, clock.instant())).view();
    }

    /** Changes the role, the password, or both; a field left null stays as it is. */
    @Transactional
    public UserView change(String username, UserRequest request) {
        PanelUser user = users.findById(username).orElseThrow(() -> new UserNotFound(username));
        List<FieldProblem> problems = Credentials.problems();
        Role role = request.role() == null ? null : Credentials.role(request.role(), problems);
        if (request.password() != null) {
            Credentials.checkPassword(request.password(), problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpec(problems);
        }
        if (role != null && role != Role.ADMIN) {
            refuseLosingTheLastAdmin(user);
        }
        user.change(role, request.password() == null ? null : passwords.encode(request.password()));
        return user.view();
    }

    /** A signed-in user replaces their own password, proving they know the current one; the new one must differ. */
    @Transactional
    public void changeOwnPassword(String username, String currentPassword, String newPassword) {
        PanelUser user = users.findById(username).orElseThrow(() -> new UserNotFound(username));
        List<FieldProblem> problems = Credentials.problems();
        if (currentPassword == null || !passwords.matches(currentPassword, user.passwordHash())) {
            problems.add(new FieldProblem("currentPassword", "is not your current password"));
        }
        Credentials.checkPassword(newPassword, problems);
        if (problems.isEmpty() && newPassword.equals(currentPassword)) {
            problems.add(new FieldProblem("newPassword", "must differ from the current one"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpec(problems.stream().map(UserService::asNewPassword).toList());
        }
        user.chooseOwnPassword(passwords.encode(newPassword));
    }

    @Transactional(readOnly = true)
    public boolean passwordChangeRequired(String username) {
        return users.findById(username).map(PanelUser::passwordChangeRequired).orElse(false);
    }

    /** Credentials name the field password; on this form it is the new one. */
    private static FieldProblem asNewPassword(FieldProblem problem) {
        return problem.field().equals("password") ? new FieldProblem("newPassword", problem.message()) : problem;
    }

    @Transactional
    public void delete(String username) {
        PanelUser user = users.findById(username).orElseThrow(() -> new UserNotFound(username));
        refuseLosingTheLastAdmin(user);
        users.delete(user);
    }

    private void refuseLosingTheLastAdmin(PanelUser user) {
        if (user.role() == Role.ADMIN && users.countByRole(Role.ADMIN) == 1) {
            throw new LastAdmin(user.username());
        }
    }
}
