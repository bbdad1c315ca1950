package dev.depot.files.rest.dav;

import static dev.depot.files.service.Awaiting.await;

import dev.depot.blobstore.BlobStore;
import dev.depot.common.error.ApiException;
import dev.depot.common.security.CurrentUser;
import dev.depot.files.DavLock;
import dev.depot.files.DavProperty;
import dev.depot.files.Level;
import dev.depot.files.Names;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.rest.ByteResponses;
import dev.depot.files.rest.dav.DavMethods.COPY;
import dev.depot.files.rest.dav.DavMethods.LOCK;
import dev.depot.files.rest.dav.DavMethods.MKCOL;
import dev.depot.files.rest.dav.DavMethods.MOVE;
import dev.depot.files.rest.dav.DavMethods.PROPFIND;
import dev.depot.files.rest.dav.DavMethods.PROPPATCH;
import dev.depot.files.rest.dav.DavMethods.UNLOCK;
import dev.depot.files.rest.dav.DavXml.Multistatus;
import dev.depot.files.rest.dav.DavXml.Name;
import dev.depot.files.rest.dav.DavXml.Propstat;
import dev.depot.files.service.Caller;
import dev.depot.files.service.QuotaService;
import dev.depot.files.service.Ranges;
import dev.depot.files.service.UploadService;
import dev.depot.files.service.dav.DavDrive;
import dev.depot.files.service.dav.DavDrive.Node;
import dev.depot.files.service.dav.DavLocks;
import dev.depot.files.service.dav.DavProperties;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.w3c.dom.Element;

/**
 * /dav/: the caller's drive over WebDAV (RFC 4918 classes 1 and 2, RFC 4331 quotas), for file
 * managers that mount it and for sync tools such as rclone. Every change goes through the same
 * services as the REST API. Blocking handlers: bodies are read as streams on a worker thread.
 */
@Path("/dav")
@Blocking
public class DavResource {

    static final String PREFIX = "/dav";
    private static final String ALLOW =
            "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCOL, COPY, MOVE, LOCK, UNLOCK";
    /** Members of a folder read, and written out, at a time by a PROPFIND of depth 1. */
    private static final int LISTING_PAGE = 500;
    /** The most a PROPFIND, PROPPATCH or LOCK body may hold. */
    private static final int MAX_XML_BODY = 1 << 20;

    private final SecurityIdentity identity;
    private final CurrentUser currentUser;
    private final DavDrive drive;
    private final DavLocks locks;
    private final DavProperties properties;
    private final QuotaService quotas;
    private final BlobStore blobs;
    private final FilesConfig config;
    private final Clock clock;

    @Context
    HttpServerRequest request;

    public DavResource(
            SecurityIdentity identity,
            CurrentUser currentUser,
            DavDrive drive,
            DavLocks locks,
            DavProperties properties,
            QuotaService quotas,
            BlobStore blobs,
            FilesConfig config,
            Clock clock) {
        this.identity = identity;
        this.currentUser = currentUser;
        this.drive = drive;
        this.locks = locks;
        this.properties = properties;
        this.quotas = quotas;
        this.blobs = blobs;
        this.config = config;
        this.clock = clock;
    }

    // --- class 1 ---

    @OPTIONS
    @Path("{path: .*}")
    public Response options() {
        return Response.ok()
                .header("DAV", "1, 2")
                .header("Allow", ALLOW)
                .header("MS-Author-Via", "DAV")
                .build();
    }

    @PROPFIND
    @Path("{path: .*}")
    public Response propfind(InputStream body) throws IOException {
        Caller caller = caller();
        String depth = header("Depth");
        if (depth == null || depth.equalsIgnoreCase("infinity")) {
            // RFC 4918 9.1: a server may refuse depth infinity; a drive of any size cannot answer it in one go.
            return Response.status(403)
                    .type("application/xml; charset=utf-8")
                    .entity(
                            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:error xmlns:D=\"DAV:\"><D:propfind-finite-depth/></D:error>")
                    .build();
        }
        if (!depth.equals("0") && !depth.equals("1")) {
            throw ApiException.validation("Depth must be 0 or 1");
        }
        Propfind asked = Propfind.of(DavXml.parse(xmlBody(body)));
        Node node = existing(caller, Level.VIEW);
        List<DavLock> held = await(() -> locks.touching(caller.id(), "/", true));
        // The quota of the drive that holds the collection: a shared folder fills its owner's.
        QuotaService.Usage usage =
                node.isCollection() && asked.needsQuota() ? await(() -> quotas.usage(node.owner())) : null;
        Multistatus out = new Multistatus();
        describe(List.of(node), asked, held, usage, out);
        if (!depth.equals("1") || !node.isCollection()) {
            return multistatus(out);
        }
        // A folder's members, a page at a time, each page written out before the next is read: a
        // folder of any size answers in one response while only a page of rows is in memory.
        StreamingOutput members = stream -> {
            Writer writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            writer.write(out.drain());
            for (boolean ofFolders : new boolean[] {true, false}) {
                for (int index = 0; ; index++) {
                    int page = index;
                    List<Node> found = await(() -> drive.childrenPage(caller, node, ofFolders, page, LISTING_PAGE));
                    describe(found, asked, held, usage, out);
                    writer.write(out.drain());
                    writer.flush();
                    if (found.size() < LISTING_PAGE) {
                        break;
                    }
                }
            }
            writer.write(out.end());
            writer.flush();
        };
        return Response.status(207)
                .type("application/xml; charset=utf-8")
                .entity(members)
                .build();
    }

    private void describe(
            List<Node> nodes, Propfind asked, List<DavLock> held, QuotaService.Usage usage, Multistatus out) {
        Map<UUID, List<DavProperty>> dead = asked.needsDead()
                ? await(() -> properties.of(nodes.stream()
                        .map(Node::id)
                        .filter(java.util.Objects::nonNull)
                        .toList()))
                : Map.of();
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (Node e : nodes) {
            out.response(
                    href(e),
                    asked.answer(e, dead.getOrDefault(e.id(), List.of()), held, e.isCollection() ? usage : null, now));
        }
    }

    @GET
    @Path("{path: .*}")
    public Response get() {
        Caller caller = caller();
        Node node = existing(caller, Level.VIEW);
        if (node.isCollection()) {
            return Response.ok(index(caller, node))
                    .type("text/html; charset=utf-8")
                    .build();
        }
        node.require(Level.DOWNLOAD);
        return ByteResponses.of(
                await(() -> drive.download(node)),
                new Ranges.Request(header("Range"), header("If-Range"), header("If-None-Match")),
                clock.instant());
    }

    @HEAD
    @Path("{path: .*}")
    public Response head() {
        return get();
    }

    @PUT
    @Path("{path: .*}")
    public Response put(InputStream body) throws IOException {
        Caller caller = caller();
        if (header("Content-Range") != null) {
            throw ApiException.validation("a PUT replaces the whole file: Content-Range is not taken (RFC 9110 14.5)");
        }
        Node node = await(() -> drive.resolve(caller, path()));
        if (node.isCollection()) {
            throw new ApiException(405, "MethodNotAllowed", path() + " is a folder");
        }
        notAtTopOfShared(node);
        if (node.parent() == null) {
            throw ApiException.conflict("the folder above " + path() + " does not exist", null);
        }
        node.require(Level.EDIT);
        checkConditions(caller, node);
        requireUnlocked(caller, node.path(), false);
        if (!node.exists()) {
            // A new member changes the folder: a lock on the folder covers that too.
            requireUnlocked(caller, DavDrive.parentOf(node.path()), false);
        }
        String name = Names.check("name", node.storedName());
        long declared = declaredLength();
        if (declared >= 0) {
            // Said before the bytes are read: a client that waits for 100 Continue sends none.
            await(() -> quotas.checkRoom(node.owner(), declared));
        }
        java.nio.file.Path spooled = spool(body);
        UploadService.Put put = await(() -> drive.put(node, name, spooled));
        return Response.status(put.created() ? 201 : 204)
                .header("ETag", "\"" + put.file().sha256 + "\"")
                .build();
    }

    @DELETE
    @Path("{path: .*}")
    public Response delete() {
        Caller caller = caller();
        if (request.uri().contains("#")) {
            // A fragment is never part of a resource's name: the client meant something else.
            throw ApiException.validation("a URL fragment ('#') cannot be deleted");
        }
        Node node = existing(caller, Level.VIEW);
        removable(node);
        checkConditions(caller, node);
        requireUnlocked(caller, node.path(), true);
        requireUnlocked(caller, DavDrive.parentOf(node.path()), false);
        await(() -> drive.delete(caller, node));
        return Response.noContent().build();
    }

    @MKCOL
    @Path("{path: .*}")
    public Response mkcol(InputStream body) throws IOException {
        Caller caller = caller();
        if (body != null && body.read() >= 0) {
            // RFC 4918 9.3: a body this server does not understand.
            throw new ApiException(415, "UnsupportedMediaType", "MKCOL takes no body");
        }
        Node node = await(() -> drive.resolve(caller, path()));
        checkConditions(caller, node);
        notAtTopOfShared(node);
        if (!node.exists() && node.parent() != null) {
            node.require(Level.EDIT);
            requireUnlocked(caller, node.path(), false);
            requireUnlocked(caller, DavDrive.parentOf(node.path()), false);
        }
        await(() -> drive.makeCollection(node));
        return Response.status(201).build();
    }

    @COPY
    @Path("{path: .*}")
    public Response copy() {
        return transfer(false);
    }

    @MOVE
    @Path("{path: .*}")
    public Response move() {
        return transfer(true);
    }

    @PROPPATCH
    @Path("{path: .*}")
    public Response proppatch(InputStream body) throws IOException {
        Caller caller = caller();
        Element root = DavXml.parse(xmlBody(body));
        if (root == null || !DavXml.is(root, "propertyupdate")) {
            throw ApiException.validation("PROPPATCH takes a DAV:propertyupdate body");
        }
        Node node = existing(caller, Level.VIEW);
        if (node.id() == null) {
            throw ApiException.forbidden(node.path() + " keeps no properties");
        }
        node.require(Level.EDIT);
        checkConditions(caller, node);
        requireUnlocked(caller, node.path(), false);
        List<DavProperties.Change> changes = new ArrayList<>();
        List<Name> refused = new ArrayList<>();
        List<Name> named = new ArrayList<>();
        for (Element instruction : DavXml.children(root)) {
            boolean set = DavXml.is(instruction, "set");
            if (!set && !DavXml.is(instruction, "remove")) {
                continue;
            }
            Element prop = DavXml.child(instruction, "prop");
            if (prop == null) {
                continue;
            }
            for (Element p : DavXml.children(prop)) {
                Name name = Name.of(p);
                named.add(name);
                if (Propfind.LIVE.contains(name)) {
                    refused.add(name);
                } else {
                    changes.add(
                            new DavProperties.Change(name.namespace(), name.local(), set ? DavXml.serialize(p) : null));
                }
            }
        }
        List<Propstat> result = new ArrayList<>();
        if (refused.isEmpty()) {
            await(() -> properties.apply(node, changes));
            result.add(
                    new Propstat(200, named.stream().map(Name::empty).distinct().toList()));
        } else {
            // All or nothing (RFC 4918 9.2): what could have been done failed because of what could not.
            result.add(new Propstat(
                    403, refused.stream().map(Name::empty).distinct().toList()));
            result.add(new Propstat(
                    424,
                    named.stream()
                            .filter(n -> !refused.contains(n))
                            .map(Name::empty)
                            .distinct()
                            .toList()));
        }
        return multistatus(new Multistatus().response(href(node), result));
    }

    // --- class 2 ---

    @LOCK
    @Path("{path: .*}")
    public Response lock(InputStream body) throws IOException {
        Caller caller = caller();
        Element info = DavXml.parse(xmlBody(body));
        long timeout = DavLocks.timeout(header("Timeout"));
        Node node = await(() -> drive.resolve(caller, path()));
        if (info == null) {
            // No body: a refresh of a lock the client names in If.
            IfHeader ifHeader = IfHeader.parse(header("If"));
            if (ifHeader.isEmpty()) {
                throw ApiException.validation("a LOCK without a body refreshes a lock: name it in the If header");
            }
            DavLock lock = await(() -> locks.refresh(caller.id(), node.path(), ifHeader.tokens(), timeout));
            return Response.ok(lockBody(lock))
                    .type("application/xml; charset=utf-8")
                    .build();
        }
        if (!DavXml.is(info, "lockinfo")) {
            throw ApiException.validation("LOCK takes a DAV:lockinfo body");
        }
        Element scope = DavXml.child(info, "lockscope");
        boolean exclusive = scope == null || DavXml.child(scope, "shared") == null;
        Element type = DavXml.child(info, "locktype");
        if (type != null && DavXml.child(type, "write") == null) {
            throw ApiException.validation("only write locks exist");
        }
        Element ownerElement = DavXml.child(info, "owner");
        String depth = header("Depth");
        boolean infinite = depth == null || depth.equalsIgnoreCase("infinity");
        if (!infinite && !"0".equals(depth)) {
            throw ApiException.validation("a lock's Depth is 0 or infinity");
        }
        checkConditions(caller, node);
        boolean created = false;
        notAtTopOfShared(node);
        if (!node.exists()) {
            if (node.parent() == null) {
                throw ApiException.conflict("the folder above " + path() + " does not exist", null);
            }
            requireUnlocked(caller, DavDrive.parentOf(node.path()), false);
        }
        node.require(Level.EDIT);
        DavLock lock = await(() -> locks.lock(
                caller.id(),
                node.path(),
                exclusive,
                infinite,
                ownerElement == null ? null : DavXml.contentOf(ownerElement),
                timeout));
        if (!node.exists()) {
            // RFC 4918 7.3: locking an unmapped URL makes an empty resource there.
            String name = Names.check("name", node.name());
            java.nio.file.Path empty = spool(InputStream.nullInputStream());
            await(() -> drive.put(node, name, empty));
            created = true;
        }
        return Response.status(created ? 201 : 200)
                .entity(lockBody(lock))
                .type("application/xml; charset=utf-8")
                .header("Lock-Token", "<" + lock.token + ">")
                .build();
    }

    @UNLOCK
    @Path("{path: .*}")
    public Response unlock() {
        Caller caller = caller();
        String token = header("Lock-Token");
        if (token == null || !token.trim().startsWith("<") || !token.trim().endsWith(">")) {
            throw ApiException.validation("UNLOCK needs the Lock-Token header: <token>");
        }
        String bare = token.trim().substring(1, token.trim().length() - 1);
        Node node = await(() -> drive.resolve(caller, path()));
        await(() -> locks.unlock(caller.id(), node.path(), bare));
        return Response.noContent().build();
    }

    // --- COPY and MOVE ---

    private Response transfer(boolean move) {
        Caller caller = caller();
        String destination = header("Destination");
        if (destination == null || destination.isBlank()) {
            throw ApiException.validation("the Destination header is required");
        }
        String targetPath = pathOfUrl(destination);
        if (targetPath == null) {
            throw new ApiException(502, "BadGateway", "the destination is not on this drive");
        }
        String depth = header("Depth");
        boolean deep = depth == null || depth.equalsIgnoreCase("infinity");
        if (!deep && !"0".equals(depth) || move && !deep) {
            throw ApiException.validation(move ? "a MOVE has Depth infinity" : "a COPY has Depth 0 or infinity");
        }
        String overwriteHeader = header("Overwrite");
        boolean overwrite = overwriteHeader == null || overwriteHeader.trim().equalsIgnoreCase("T");
        Node from = existing(caller, move ? Level.EDIT : Level.DOWNLOAD);
        if ("/".equals(from.path()) || from.sharedRoot()) {
            throw ApiException.forbidden("the drive itself cannot be copied or moved");
        }
        if (move) {
            removable(from);
        }
        if (targetPath.equals(from.path()) || DavLock.isBelow(targetPath, from.path())) {
            throw ApiException.forbidden("a resource cannot be copied or moved onto or into itself");
        }
        Node to = await(() -> drive.resolve(caller, targetPath));
        notAtTopOfShared(to);
        if (to.parent() == null && !to.exists()) {
            throw ApiException.conflict("the folder above " + targetPath + " does not exist", null);
        }
        to.require(Level.EDIT);
        if (to.exists()) {
            removable(to);
        }
        if (move && !from.owner().equals(to.owner())) {
            throw ApiException.forbidden("moving between drives is not possible: copy, then delete");
        }
        checkConditions(caller, from);
        if (move) {
            requireUnlocked(caller, from.path(), true);
            requireUnlocked(caller, DavDrive.parentOf(from.path()), false);
        }
        requireUnlocked(caller, to.path(), true);
        requireUnlocked(caller, DavDrive.parentOf(to.path()), false);
        boolean existed = to.exists();
        if (existed) {
            if (!overwrite) {
                throw new ApiException(412, "PreconditionFailed", targetPath + " exists and Overwrite is F");
            }
            await(() -> drive.delete(caller, to));
        }
        Node free = new Node(to.path(), null, null, to.parent(), to.owner(), to.level(), false, false);
        await(() -> move ? drive.move(caller, from, free) : drive.copy(caller, from, free, deep));
        return Response.status(existed ? 204 : 201).build();
    }

    // --- helpers ---

    /** The caller; 401 (with a Basic challenge, see {@link DavChallenge}) when there is none. */
    private Caller caller() {
        if (identity.isAnonymous()) {
            throw ApiException.unauthorized("sign in: a user name and a personal API token (dpt_...) as the password");
        }
        return Caller.of(currentUser);
    }

    /** The resource the request names; 404 when there is none, 403 below {@code needed}. */
    private Node existing(Caller caller, Level needed) {
        Node node = await(() -> drive.resolve(caller, path()));
        if (!node.exists() || node.level() == null) {
            throw ApiException.notFound(path());
        }
        node.require(needed);
        return node;
    }

    /** Nothing new goes directly into Shared/: it lists what others share. */
    private static void notAtTopOfShared(Node node) {
        if (!node.exists() && DavDrive.atTopOfShared(node.path())) {
            throw ApiException.forbidden("nothing can be added to Shared/: it lists what others share with you");
        }
    }

    /** The drive, Shared/ and what others share at its top stay: their owners decide. */
    private static void removable(Node node) {
        if ("/".equals(node.path()) || node.sharedRoot() || node.entry()) {
            throw ApiException.forbidden(node.path() + " cannot be deleted, moved or replaced here");
        }
        node.require(Level.EDIT);
    }

    private String header(String name) {
        return request.getHeader(name);
    }

    private long declaredLength() {
        String length = header("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The drive path the request names ("/" for the drive). */
    private String path() {
        return drivePath(request.path());
    }

    /** "/dav/a/b%20c/" as "/a/b c"; 400 for dot segments or broken escapes. */
    static String drivePath(String rawPath) {
        String rest = rawPath.startsWith(PREFIX) ? rawPath.substring(PREFIX.length()) : rawPath;
        List<String> segments = new ArrayList<>();
        for (String raw : rest.split("/")) {
            if (raw.isEmpty()) {
                continue;
            }
            String segment = java.text.Normalizer.normalize(decode(raw), java.text.Normalizer.Form.NFC);
            if (segment.equals(".")
                    || segment.equals("..")
                    || segment.indexOf('/') >= 0
                    || segment.indexOf('\\') >= 0) {
                throw ApiException.validation("a path segment may not be '.', '..' or hold a slash");
            }
            segments.add(segment);
        }
        return DavDrive.pathOf(segments);
    }

    /** The drive path of a Destination or If tag URL, or null when it is not under /dav/ here. */
    String pathOfUrl(String url) {
        String raw;
        try {
            URI uri = URI.create(url.trim());
            raw = uri.getRawPath();
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("not a URL: " + url);
        }
        String prefix = forwardedPrefix() + PREFIX;
        if (raw == null || !(raw.equals(prefix) || raw.startsWith(prefix + "/"))) {
            return null;
        }
        return drivePath(raw.substring(forwardedPrefix().length()));
    }

    private static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw ApiException.validation("a broken %-escape in the path");
                }
                try {
                    bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException e) {
                    throw ApiException.validation("a broken %-escape in the path");
                }
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private String forwardedPrefix() {
        String prefix = header("X-Forwarded-Prefix");
        if (prefix == null || prefix.isBlank() || !prefix.startsWith("/")) {
            return "";
        }
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    String href(Node node) {
        return hrefOf(forwardedPrefix(), node.path(), node.isCollection());
    }

    /** The URL path of a drive path, each segment percent-encoded; a collection's ends with '/'. */
    static String hrefOf(String prefix, String path, boolean collection) {
        StringBuilder out = new StringBuilder(prefix).append(PREFIX);
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                out.append('/').append(encode(segment));
            }
        }
        return collection || "/".equals(path) ? out.append('/').toString() : out.toString();
    }

    /** A path segment percent-encoded: everything but unreserved characters. */
    static String encode(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * The If header (lock tokens and entity tags; 412 when no list holds) and, for a file, If-Match
     * and If-None-Match.
     */
    private void checkConditions(Caller caller, Node node) {
        String ifMatch = header("If-Match");
        String ifNoneMatch = header("If-None-Match");
        String etag = Propfind.etag(node);
        if (ifMatch != null && (etag == null || !ifMatch.trim().equals("*") && !ifMatch.contains(etag))) {
            throw new ApiException(412, "PreconditionFailed", "If-Match does not match " + node.path());
        }
        if (ifNoneMatch != null && etag != null && (ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(etag))) {
            throw new ApiException(412, "PreconditionFailed", "If-None-Match matches " + node.path());
        }
        IfHeader ifHeader = IfHeader.parse(header("If"));
        if (ifHeader.isEmpty()) {
            return;
        }
        List<DavLock> held = await(() -> locks.touching(caller.id(), "/", true));
        IfHeader.State own = state(node, held);
        boolean holds = ifHeader.holds(own, tag -> {
            String p = pathOfUrl(tag);
            if (p == null) {
                return null;
            }
            if (p.equals(node.path())) {
                return own;
            }
            Node other = await(() -> drive.resolve(caller, p));
            return state(other, held);
        });
        if (!holds) {
            throw new ApiException(
                    412, "PreconditionFailed", "the If header's conditions do not hold for " + node.path());
        }
    }

    private static IfHeader.State state(Node node, List<DavLock> held) {
        Set<String> tokens = new HashSet<>();
        for (DavLock l : held) {
            if (l.covers(node.path())) {
                tokens.add(l.token);
            }
        }
        return new IfHeader.State(Propfind.etag(node), tokens);
    }

    private void requireUnlocked(Caller caller, String path, boolean below) {
        Collection<String> submitted = IfHeader.parse(header("If")).tokens();
        await(() -> locks.requireUnlocked(caller.id(), path, below, submitted));
    }

    /** An XML body, read up to its limit (413 beyond): never more is held in memory. */
    private static byte[] xmlBody(InputStream body) throws IOException {
        if (body == null) {
            return null;
        }
        byte[] read = body.readNBytes(MAX_XML_BODY + 1);
        if (read.length > MAX_XML_BODY) {
            throw ApiException.tooLarge("the XML body is larger than " + MAX_XML_BODY + " bytes");
        }
        return read;
    }

    /** The body into a temporary file beside the blobs, at most the WebDAV upload limit. */
    private java.nio.file.Path spool(InputStream body) throws IOException {
        java.nio.file.Path tmp = blobs.temporaryFile();
        long max = config.maxDavUploadSize().asLongValue();
        long written = 0;
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(tmp)) {
            int n;
            while ((n = body.read(buffer)) > 0) {
                written += n;
                if (written > max) {
                    throw ApiException.tooLarge("file too large: the limit is " + max + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    private String lockBody(DavLock lock) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:prop xmlns:D=\"DAV:\"><D:lockdiscovery>"
                + Propfind.activeLock(lock, path -> hrefOf(forwardedPrefix(), path, false), OffsetDateTime.now(clock))
                + "</D:lockdiscovery></D:prop>\n";
    }

    private String index(Caller caller, Node node) {
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=\"utf-8\"><title>")
                .append(DavXml.escape(node.path()))
                .append("</title><h1>")
                .append(DavXml.escape(node.path()))
                .append("</h1><ul>");
        for (Node child : await(() -> drive.list(caller, node))) {
            html.append("<li><a href=\"")
                    .append(DavXml.escape(href(child)))
                    .append("\">")
                    .append(DavXml.escape(child.name()))
                    .append(child.isCollection() ? "/" : "")
                    .append(child.file() != null ? " (" + child.file().fileSize + " bytes)" : "")
                    .append("</a></li>");
        }
        return html.append("</ul>").toString();
    }

    private static Response multistatus(Multistatus out) {
        return Response.status(207)
                .type("application/xml; charset=utf-8")
                .entity(out.end())
                .build();
    }
}
