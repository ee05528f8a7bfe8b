package io.etcdpanel.web;

import java.util.stream.Collectors;

import io.etcdpanel.events.AuditFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.validation.BindingResult;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Tells the audit that a page refused a change although it answered 200 or a redirect: the form came back with
 * errors beside its fields, or the next page will show a red message.
 */
class PageRefusals implements HandlerInterceptor {

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView page) {
        if (request.getAttribute(AuditFilter.REFUSED_BECAUSE) != null) {
            return;
        }
        if (RequestContextUtils.getOutputFlashMap(request).get(Flash.ATTRIBUTE) instanceof Flash flash && "danger".equals(flash.colour())) {
            request.setAttribute(AuditFilter.REFUSED_BECAUSE, flash.text());
        } else if (page != null) {
            page.getModel().values().stream().filter(value -> value instanceof BindingResult result && result.hasErrors())
                    .map(BindingResult.class::cast).findFirst()
                    .ifPresent(result -> request.setAttribute(AuditFilter.REFUSED_BECAUSE, result.getFieldErrors().stream()
                            .map(error -> error.getField() + ": " + error.getDefaultMessage()).collect(Collectors.joining("; "))));
        }
    }
}
