package dev.depot.files.rest;

import dev.depot.common.error.ApiException;
import dev.depot.files.service.UploadService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** Multipart forms, like JSON bodies, answer 400 for a field they do not know rather than ignoring it. */
public final class FormFields {

    private FormFields() {}

    /** The file parts of a folder upload form; none (null, when the form had no part at all) is an empty list. */
    public static List<UploadService.Part> folderParts(List<FileUpload> uploads) {
        return uploads == null
                ? List.of()
                : uploads.stream()
                        .filter(p -> p.uploadedFile() != null)
                        .map(p -> new UploadService.Part(p.name(), p.uploadedFile()))
                        .toList();
    }

    /** Refuses the first field outside {@code known}; file parts named by a path count as known when {@code paths}. */
    public static void requireOnly(MultipartFormDataInput form, Set<String> known, boolean paths) {
        form.getValues().forEach((name, values) -> {
            if (name == null || name.isEmpty()) {
                throw ApiException.validation(
                        "a part of the form has no name",
                        Map.of("body", "every part needs a Content-Disposition with a name"));
            }
            boolean isFile = values.stream().anyMatch(v -> v.isFileItem());
            if (!known.contains(name) && !(paths && isFile)) {
                throw ApiException.validation(
                        "unknown field '" + name + "'", Map.of(name, "is not a field of this form"));
            }
        });
    }
}
