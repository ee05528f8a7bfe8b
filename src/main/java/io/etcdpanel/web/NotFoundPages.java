package io.etcdpanel.web;

import io.etcdpanel.catalogue.ClusterNotFound;
import io.etcdpanel.runtime.UnknownMember;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Turns a cluster or member that is not there into the 404 page, for the pages only (the API answers with problems). */
@ControllerAdvice(basePackageClasses = NotFoundPages.class)
class NotFoundPages {

    @ExceptionHandler(ClusterNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String cluster(ClusterNotFound e, Model model) {
        model.addAttribute("what", "There is " + e.getMessage() + ": it may have been deleted, or the link is mistyped.");
        return "error/404";
    }

    @ExceptionHandler(UnknownMember.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String member(UnknownMember e, Model model) {
        model.addAttribute("what", e.getMessage() + ". It may have been removed by a scale-down or replaced.");
        return "error/404";
    }
}
