package dev.depot.files.rest;

import dev.depot.common.error.ApiException;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** Multipart forms, like JSON bodies, answer 400 for a field they do not know rather than ignoring it. */
public final class FormFields {

    private FormFields() {
    }

    /** Refuses the first field outside {@code known}; file parts named by a path count as known when {@code paths}. */
    public static void requireOnly(MultipartFormDataInput form, Set<String> known, boolean paths) {
        form.getValues().forEach((name, values) -> {
            if (name == null || name.isEmpty()) {
                throw ApiException.validation("a part of the form has no name",
                        Map.of("body", "every part needs a Content-Disposition with a name"));
            }
            boolean isFile = values.stream().anyMatch(v -> v.isFileItem());
            if (!known.contains(name) && !(paths && isFile)) {
                throw ApiException.validation("unknown field '" + name + "'", Map.of(name, "is not a field of this form"));
            }
        });
    }
}
