package io.etcdpanel.web;

import java.util.List;
import java.util.Set;

import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.ClusterNameTaken;
import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.catalogue.ClusterView;
import io.etcdpanel.catalogue.FieldProblem;
import io.etcdpanel.catalogue.InvalidSpec;
import io.etcdpanel.catalogue.RuntimeOffer;
import io.etcdpanel.catalogue.RuntimeOffers;
import io.etcdpanel.security.SignedIn;
import org.springframework.beans.PropertyAccessException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.ObjectUtils;
import org.springframework.util.StringUtils;
import org.springframework.validation.BindingResult;
import org.springframework.validation.DefaultBindingErrorProcessor;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The create form: shows it, hands what was typed to the catalogue, and puts each refusal beside its field. */
@Controller
class ClusterFormController {

    static final String FORM = "cluster";
    private static final Set<String> FORM_FIELDS = Set.of("name", "replicas", "runtime", "version", "quotaBackendBytes");

    private final ClusterCatalogue catalogue;
    private final RuntimeOffers runtimes;

    ClusterFormController(ClusterCatalogue catalogue, RuntimeOffers runtimes) {
        this.catalogue = catalogue;
        this.runtimes = runtimes;
    }

    @InitBinder(FORM)
    void readableTypeErrors(WebDataBinder binder) {
        binder.setBindingErrorProcessor(new DefaultBindingErrorProcessor() {
            @Override
            public void processPropertyAccessException(PropertyAccessException e, BindingResult result) {
                String field = e.getPropertyName();
                Object typed = ObjectUtils.isArray(e.getValue())
                        ? StringUtils.arrayToCommaDelimitedString(ObjectUtils.toObjectArray(e.getValue())) : e.getValue();
                result.addError(new FieldError(result.getObjectName(), field, typed, true,
                        result.resolveMessageCodes(e.getErrorCode(), field), null, "must be a whole number"));
            }
        });
    }

    @GetMapping("/clusters/new")
    String form(Model model) {
        List<RuntimeOffer> offers = runtimes.all();
        ClusterForm form = new ClusterForm();
        form.setRuntime(offers.stream().filter(RuntimeOffer::available).findFirst().orElse(offers.get(0)).name());
        return show(form, offers, model);
    }

    /** The version select for the runtime just chosen, swapped in by htmx. */
    @GetMapping("/clusters/new/versions")
    String versions(@RequestParam String runtime, Model model) {
        ClusterForm form = new ClusterForm();
        form.setRuntime(runtime);
        show(form, runtimes.all(), model);
        return "clusters/new :: version";
    }

    @PostMapping("/clusters")
    String create(@ModelAttribute(FORM) ClusterForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            return show(form, runtimes.all(), model);
        }
        try {
            ClusterView created = catalogue.create(form.toRequest(), SignedIn.name());
            redirect.addAttribute("name", created.name());
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Cluster " + created.name() + " is being created: "
                    + created.replicas() + " members of etcd " + created.version() + ". This page follows it as it comes up."));
            return "redirect:/clusters/{name}";
        } catch (InvalidSpec e) {
            e.problems().forEach(problem -> reject(binding, problem));
        } catch (ClusterNameTaken e) {
            binding.rejectValue("name", "taken", e.getMessage());
        }
        return show(form, runtimes.all(), model);
    }

    private static void reject(BindingResult binding, FieldProblem problem) {
        if (FORM_FIELDS.contains(problem.field())) {
            binding.rejectValue(problem.field(), "invalid", problem.message());
        } else {
            binding.reject("invalid", problem.field() + " " + problem.message());
        }
    }

    private static String show(ClusterForm form, List<RuntimeOffer> offers, Model model) {
        RuntimeOffer chosen = offers.stream().filter(offer -> offer.name().equals(form.getRuntime())).findFirst().orElse(null);
        if (chosen != null && (form.getVersion() == null || form.getVersion().isBlank())) {
            form.setVersion(chosen.defaultVersion());
        }
        model.addAttribute(FORM, form);
        model.addAttribute("offers", offers);
        model.addAttribute("chosen", chosen);
        model.addAttribute("anyAvailable", offers.stream().anyMatch(RuntimeOffer::available));
        model.addAttribute("defaultQuota", ClusterSpec.DEFAULT_QUOTA_BACKEND_BYTES);
        return "clusters/new";
    }
}
