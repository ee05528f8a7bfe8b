package io.etcdpanel.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * Sends a stranger on a page to the sign-in form. A page fragment polled by htmx after the session ended gets 401
 * with {@code HX-Redirect}, so the whole page goes to the form instead of the form landing inside a card.
 */
class PageSignInEntryPoint implements AuthenticationEntryPoint {

    static final String SIGN_IN = "/login";

    private final AuthenticationEntryPoint form = new LoginUrlAuthenticationEntryPoint(SIGN_IN);

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException, ServletException {
        if ("true".equals(request.getHeader("HX-Request"))) {
            response.setHeader("HX-Redirect", request.getContextPath() + SIGN_IN);
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        form.commence(request, response, e);
    }
}
