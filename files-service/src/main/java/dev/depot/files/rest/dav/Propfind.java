package dev.depot.files.rest.dav;

import dev.depot.common.error.ApiException;
import dev.depot.files.DavLock;
import dev.depot.files.DavProperty;
import dev.depot.files.rest.dav.DavXml.Name;
import dev.depot.files.rest.dav.DavXml.Propstat;
import dev.depot.files.service.QuotaService;
import dev.depot.files.service.dav.DavDrive.Node;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.w3c.dom.Element;

/**
 * What a PROPFIND asks for (all properties, their names only, or the ones it lists), and each
 * resource's answer: the live properties computed here and the dead ones clients stored.
 */
record Propfind(boolean all, boolean namesOnly, List<Name> names) {

    /** RFC 9110's IMF-fixdate: two-digit days, always GMT. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);
    /** The properties Depot computes: a PROPPATCH may not set them. */
    static final Set<Name> LIVE = Set.of(
            Name.dav("resourcetype"),
            Name.dav("displayname"),
            Name.dav("getcontentlength"),
            Name.dav("getcontenttype"),
            Name.dav("getetag"),
            Name.dav("getlastmodified"),
            Name.dav("creationdate"),
            Name.dav("supportedlock"),
            Name.dav("lockdiscovery"),
            Name.dav("quota-used-bytes"),
            Name.dav("quota-available-bytes"));

    static Propfind of(Element body) {
        if (body == null) {
            return new Propfind(true, false, List.of());
        }
        if (!DavXml.is(body, "propfind")) {
            throw ApiException.validation("PROPFIND takes a DAV:propfind body");
        }
        if (DavXml.child(body, "propname") != null) {
            return new Propfind(false, true, List.of());
        }
        Element prop = DavXml.child(body, "prop");
        if (prop != null) {
            return new Propfind(
                    false, false, DavXml.children(prop).stream().map(Name::of).toList());
        }
        if (DavXml.child(body, "allprop") != null) {
            return new Propfind(true, false, List.of());
        }
        throw ApiException.validation("a DAV:propfind holds allprop, propname or prop");
    }

    boolean needsDead() {
        return all || namesOnly || names.stream().anyMatch(n -> !LIVE.contains(n));
    }

    boolean needsQuota() {
        return namesOnly
                || names.contains(Name.dav("quota-used-bytes"))
                || names.contains(Name.dav("quota-available-bytes"));
    }

    List<Propstat> answer(
            Node node, List<DavProperty> dead, List<DavLock> held, QuotaService.Usage usage, OffsetDateTime now) {
        Map<Name, String> live = live(node, held, usage, now);
        Map<Name, String> deadByName = new LinkedHashMap<>();
        for (DavProperty p : dead) {
            deadByName.put(new Name(p.namespace, p.name), p.xml);
        }
        if (namesOnly) {
            List<String> all = new ArrayList<>();
            live.keySet().forEach(n -> all.add(n.empty()));
            deadByName.keySet().forEach(n -> all.add(n.empty()));
            return List.of(new Propstat(200, all));
        }
        if (all) {
            List<String> found = new ArrayList<>(live.values());
            found.addAll(deadByName.values());
            return List.of(new Propstat(200, found));
        }
        List<String> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Name n : names) {
            String value = live.containsKey(n) ? live.get(n) : deadByName.get(n);
            if (value != null) {
                found.add(value);
            } else {
                missing.add(n.empty());
            }
        }
        return List.of(new Propstat(200, found), new Propstat(404, missing));
    }

    private static Map<Name, String> live(Node node, List<DavLock> held, QuotaService.Usage usage, OffsetDateTime now) {
        Map<Name, String> out = new LinkedHashMap<>();
        OffsetDateTime created =
                node.folder() != null ? node.folder().createdAt : node.file() != null ? node.file().createdAt : null;
        OffsetDateTime modified =
                node.folder() != null ? node.folder().updatedAt : node.file() != null ? node.file().updatedAt : null;
        out.put(
                Name.dav("resourcetype"),
                node.isCollection() ? "<D:resourcetype><D:collection/></D:resourcetype>" : "<D:resourcetype/>");
        out.put(Name.dav("displayname"), "<D:displayname>" + DavXml.escape(node.name()) + "</D:displayname>");
        if (!node.isCollection()) {
            out.put(
                    Name.dav("getcontentlength"),
                    "<D:getcontentlength>" + node.file().fileSize + "</D:getcontentlength>");
            out.put(
                    Name.dav("getcontenttype"),
                    "<D:getcontenttype>"
                            + DavXml.escape(
                                    node.file().mimeType == null ? "application/octet-stream" : node.file().mimeType)
                            + "</D:getcontenttype>");
        }
        if (etag(node) != null) {
            out.put(Name.dav("getetag"), "<D:getetag>" + DavXml.escape(etag(node)) + "</D:getetag>");
        }
        if (modified != null) {
            out.put(
                    Name.dav("getlastmodified"),
                    "<D:getlastmodified>" + HTTP_DATE.format(modified.withOffsetSameInstant(ZoneOffset.UTC))
                            + "</D:getlastmodified>");
        }
        if (created != null) {
            out.put(
                    Name.dav("creationdate"),
                    "<D:creationdate>"
                            + DateTimeFormatter.ISO_INSTANT.format(
                                    created.toInstant().truncatedTo(ChronoUnit.SECONDS)) + "</D:creationdate>");
        }
        out.put(
                Name.dav("supportedlock"),
                "<D:supportedlock><D:lockentry><D:lockscope><D:exclusive/></D:lockscope>"
                        + "<D:locktype><D:write/></D:locktype></D:lockentry><D:lockentry><D:lockscope><D:shared/></D:lockscope>"
                        + "<D:locktype><D:write/></D:locktype></D:lockentry></D:supportedlock>");
        StringBuilder discovery = new StringBuilder("<D:lockdiscovery>");
        for (DavLock l : held) {
            if (l.covers(node.path())) {
                discovery.append(activeLock(l, path -> DavResource.hrefOf("", path, false), now));
            }
        }
        out.put(
                Name.dav("lockdiscovery"),
                discovery.append("</D:lockdiscovery>").toString());
        if (node.isCollection() && usage != null) {
            out.put(Name.dav("quota-used-bytes"), "<D:quota-used-bytes>" + usage.used() + "</D:quota-used-bytes>");
            out.put(
                    Name.dav("quota-available-bytes"),
                    "<D:quota-available-bytes>" + Math.max(0, usage.quota() - usage.used())
                            + "</D:quota-available-bytes>");
        }
        return out;
    }

    static String etag(Node node) {
        if (node.file() != null) {
            return node.file().sha256 != null
                    ? "\"" + node.file().sha256 + "\""
                    : "\"" + node.file().id + "-"
                            + node.file().updatedAt.toInstant().toEpochMilli() + "\"";
        }
        if (node.folder() != null) {
            return "\"" + node.folder().id + "-"
                    + node.folder().updatedAt.toInstant().toEpochMilli() + "\"";
        }
        return null;
    }

    static String activeLock(DavLock lock, Function<String, String> hrefOfPath, OffsetDateTime now) {
        long left = Math.max(0, ChronoUnit.SECONDS.between(now, lock.expiresAt));
        return "<D:activelock><D:locktype><D:write/></D:locktype><D:lockscope>"
                + (lock.exclusive ? "<D:exclusive/>" : "<D:shared/>") + "</D:lockscope><D:depth>"
                + (lock.depthInfinite ? "infinity" : "0") + "</D:depth>"
                + (lock.ownerXml == null ? "" : "<D:owner>" + lock.ownerXml + "</D:owner>")
                + "<D:timeout>Second-" + left + "</D:timeout><D:locktoken><D:href>" + DavXml.escape(lock.token)
                + "</D:href></D:locktoken><D:lockroot><D:href>" + DavXml.escape(hrefOfPath.apply(lock.path))
                + "</D:href></D:lockroot></D:activelock>";
    }
}
