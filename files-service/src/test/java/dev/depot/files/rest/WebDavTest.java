package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.Topics;
import dev.depot.events.payload.UserPayload;
import dev.depot.files.Shares;
import dev.depot.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * WebDAV over the same drive as the REST API: what a change through /dav/ does there, who may see
 * what, locks, and hostile requests. litmus and rclone run against the whole product in WebDavIT.
 */
@QuarkusTest
class WebDavTest {

    private static final String PROPS = "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:prop>"
            + "<D:getcontentlength/><D:getetag/><D:resourcetype/><D:quota-used-bytes/><D:quota-available-bytes/>"
            + "<Z:nothing xmlns:Z=\"urn:x\"/></D:prop></D:propfind>";

    /** Paths are sent as written, %-escapes included. */
    private static RequestSpecification dav(Drive d) {
        return given().urlEncodingEnabled(false).auth().oauth2(d.token);
    }

    private static Response propfind(Drive d, String path, String depth) {
        return dav(d).header("Depth", depth)
                .contentType("application/xml")
                .body(PROPS)
                .request("PROPFIND", path);
    }

    private static Response put(Drive d, String path, String text) {
        return dav(d).contentType("text/plain")
                .body(text.getBytes(StandardCharsets.UTF_8))
                .put(path);
    }

    @Test
    void withoutCredentialsTheAnswerIs401WithABasicChallenge() {
        given().header("Depth", "0")
                .request("PROPFIND", "/dav/")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Basic realm=\"Depot\""));
        given().get("/dav/anything.txt").then().statusCode(401).header("WWW-Authenticate", containsString("Basic"));
        given().options("/dav/")
                .then()
                .statusCode(200)
                .header("DAV", containsString("2"))
                .header("Allow", containsString("PROPFIND"));
    }

    @Test
    void whatIsWrittenOverWebDavIsTheDriveTheRestApiShows() {
        Drive d = new Drive();
        dav(d).request("MKCOL", "/dav/Reports").then().statusCode(201);
        dav(d).request("MKCOL", "/dav/Reports").then().statusCode(405);
        dav(d).request("MKCOL", "/dav/Missing/Child").then().statusCode(409);
        put(d, "/dav/Reports/q1%20plan.txt", "first draft")
                .then()
                .statusCode(201)
                .header("ETag", containsString("\""));
        put(d, "/dav/Nowhere/x.txt", "x").then().statusCode(409);

        String folder =
                d.as().get("/api/cdn/folders/").then().statusCode(200).extract().path("results[0].id");
        d.as().get("/api/cdn/folders/" + folder + "/contents/")
                .then()
                .statusCode(200)
                .body("files.filename", hasItem("q1 plan.txt"));

        Response listed = propfind(d, "/dav/Reports/", "1");
        listed.then().statusCode(207);
        String xml = listed.asString();
        assertThat(xml)
                .contains(
                        "<D:href>/dav/Reports/</D:href>",
                        "<D:href>/dav/Reports/q1%20plan.txt</D:href>",
                        "<D:getcontentlength>11</D:getcontentlength>",
                        "<D:collection/>",
                        "<D:quota-used-bytes>11<",
                        "HTTP/1.1 404 Not Found");

        dav(d).get("/dav/Reports/q1%20plan.txt").then().statusCode(200).body(equalTo("first draft"));
        dav(d).header("Range", "bytes=6-10")
                .get("/dav/Reports/q1%20plan.txt")
                .then()
                .statusCode(206)
                .body(equalTo("draft"));

        // New content keeps the old as a version, as an upload of new content does.
        put(d, "/dav/Reports/q1%20plan.txt", "second draft").then().statusCode(204);
        String file = d.as().get("/api/cdn/folders/" + folder + "/contents/")
                .then()
                .extract()
                .path("files[0].id");
        d.as().get("/api/cdn/files/" + file + "/versions/")
                .then()
                .statusCode(200)
                .body("versions.size()", equalTo(2));

        // MOVE renames the same file (same id); DELETE puts it in the trash.
        dav(d).header("Destination", "http://anyhost/dav/Reports/final.txt")
                .request("MOVE", "/dav/Reports/q1%20plan.txt")
                .then()
                .statusCode(201);
        d.as().get("/api/cdn/files/" + file + "/").then().statusCode(200).body("filename", equalTo("final.txt"));
        dav(d).delete("/dav/Reports/final.txt").then().statusCode(204);
        d.as().get("/api/cdn/trash/").then().statusCode(200).body("results.original_name", hasItem("final.txt"));
        dav(d).get("/dav/Reports/final.txt").then().statusCode(404);
    }

    @Test
    void aLargeFolderIsListedInOneStreamedAnswerPageByPage() throws Exception {
        Drive d = new Drive();
        String big = d.folder("Big", null);
        for (int i = 0; i < 3; i++) {
            d.folder("sub" + i, big);
        }
        // More than one page of members (the resource reads 500 at a time).
        for (int i = 0; i < 510; i++) {
            d.file(String.format("f%04d.pdf", i), big);
        }
        Response listed = dav(d).header("Depth", "1").request("PROPFIND", "/dav/Big/");
        listed.then().statusCode(207);
        assertThat(listed.header("Content-Length"))
                .as("streamed, not sized in advance")
                .isNull();
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        doc.setNamespaceAware(true);
        var hrefs = doc.newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(listed.asByteArray()))
                .getElementsByTagNameNS("DAV:", "href");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < hrefs.getLength(); i++) {
            seen.add(hrefs.item(i).getTextContent());
        }
        assertThat(hrefs.getLength()).isEqualTo(1 + 3 + 510);
        assertThat(seen)
                .hasSize(1 + 3 + 510)
                .contains("/dav/Big/", "/dav/Big/sub2/", "/dav/Big/f0000.pdf", "/dav/Big/f0509.pdf");
    }

    @Test
    void eachChangeThroughWebDavIsAnnouncedAsTheRestApiAnnouncesIt() {
        Drive d = new Drive();
        dav(d).request("MKCOL", "/dav/Inbox").then().statusCode(201);
        put(d, "/dav/Inbox/a.txt", "one").then().statusCode(201);
        String inbox = d.as().get("/api/cdn/folders/").then().extract().path("results[0].id");
        String file = d.as().get("/api/cdn/folders/" + inbox + "/contents/")
                .then()
                .extract()
                .path("files[0].id");
        put(d, "/dav/Inbox/a.txt", "two").then().statusCode(204);
        dav(d).header("Destination", "/dav/b.txt")
                .request("MOVE", "/dav/Inbox/a.txt")
                .then()
                .statusCode(201);
        dav(d).delete("/dav/b.txt").then().statusCode(204);

        List<String> types = TestKafka.valuesWithKey(
                        Topics.FILES, file, 5, java.time.Duration.ofSeconds(20), java.time.Duration.ofSeconds(1))
                .stream()
                .map(json -> EventCodec.read(json).type())
                .toList();
        // Stored (its thumbnails and activity follow from this), new content, renamed and moved, trashed.
        assertThat(types)
                .containsExactly("file.uploaded", "file.uploaded", "file.updated", "file.moved", "file.trashed");
        List<String> folderTypes = TestKafka.valuesWithKey(
                        Topics.FILES, inbox, 1, java.time.Duration.ofSeconds(20), java.time.Duration.ofSeconds(1))
                .stream()
                .map(json -> EventCodec.read(json).type())
                .toList();
        assertThat(folderTypes).containsExactly("folder.created");
    }

    @Test
    void ifMatchAndIfNoneMatchGuardAPut() {
        Drive d = new Drive();
        String etag =
                put(d, "/dav/note.txt", "one").then().statusCode(201).extract().header("ETag");
        put(d, "/dav/other.txt", "x").then().statusCode(201);
        dav(d).header("If-None-Match", "*")
                .body("two".getBytes())
                .put("/dav/note.txt")
                .then()
                .statusCode(412);
        dav(d).header("If-Match", "\"not-the-etag\"")
                .body("two".getBytes())
                .put("/dav/note.txt")
                .then()
                .statusCode(412);
        dav(d).header("If-Match", etag)
                .body("two".getBytes())
                .put("/dav/note.txt")
                .then()
                .statusCode(204);
        dav(d).get("/dav/note.txt").then().body(equalTo("two"));
    }

    @Test
    void anotherUsersDriveIsNeverReachable() {
        Drive owner = new Drive();
        Drive other = new Drive();
        dav(owner).request("MKCOL", "/dav/Private").then().statusCode(201);
        put(owner, "/dav/Private/secret.txt", "mine").then().statusCode(201);

        // Each caller's /dav/ is their own drive: the same path is simply not there for someone else.
        propfind(other, "/dav/Private/", "0").then().statusCode(404);
        dav(other).get("/dav/Private/secret.txt").then().statusCode(404);
        assertThat(propfind(other, "/dav/", "1").asString()).doesNotContain("Private");
        dav(other).delete("/dav/Private/secret.txt").then().statusCode(404);
        dav(owner).get("/dav/Private/secret.txt").then().statusCode(200).body(equalTo("mine"));
    }

    @Test
    void whatOthersShareAppearsUnderSharedWithTheGranteesLevel() {
        Drive owner = new Drive();
        Drive guest = new Drive();
        dav(owner).request("MKCOL", "/dav/Team").then().statusCode(201);
        put(owner, "/dav/Team/plan.txt", "the plan").then().statusCode(201);
        String team = owner.as().get("/api/cdn/folders/").then().extract().path("results[0].id");
        var share = SharedAccessTest.grant(owner, "folder", team, guest, "view");

        assertThat(propfind(guest, "/dav/Shared/", "1").asString()).contains("<D:href>/dav/Shared/Team/</D:href>");
        assertThat(propfind(guest, "/dav/Shared/Team/", "1").asString())
                .contains("<D:href>/dav/Shared/Team/plan.txt</D:href>");
        // view: listed, not downloaded, not changed.
        dav(guest).get("/dav/Shared/Team/plan.txt").then().statusCode(403);
        put(guest, "/dav/Shared/Team/new.txt", "hello").then().statusCode(403);
        dav(guest).delete("/dav/Shared/Team/plan.txt").then().statusCode(403);

        Shares.updated(Shares.withLevel(share, "edit"));
        Shares.await(
                "edit in force",
                () -> put(guest, "/dav/Shared/Team/new.txt", "hello").statusCode(),
                201);
        dav(guest).get("/dav/Shared/Team/plan.txt").then().statusCode(200).body(equalTo("the plan"));
        // It lands in the owner's folder, on the owner's quota.
        dav(owner).get("/dav/Team/new.txt").then().statusCode(200).body(equalTo("hello"));
        // The shared folder itself stays the owner's to delete or rename.
        dav(guest).delete("/dav/Shared/Team").then().statusCode(403);
        dav(guest)
                .header("Destination", "/dav/Mine")
                .request("MOVE", "/dav/Shared/Team")
                .then()
                .statusCode(403);
        dav(guest).request("MKCOL", "/dav/Shared/Elsewhere").then().statusCode(403);
        // A copy into the guest's own drive is theirs.
        dav(guest)
                .header("Destination", "/dav/copy.txt")
                .request("COPY", "/dav/Shared/Team/plan.txt")
                .then()
                .statusCode(201);
        dav(guest).get("/dav/copy.txt").then().statusCode(200).body(equalTo("the plan"));
        assertThat(propfind(new Drive(), "/dav/Shared/", "1").asString()).doesNotContain("Team");
    }

    @Test
    void aLockedFileChangesOnlyForWhoeverSendsItsToken() {
        Drive d = new Drive();
        put(d, "/dav/doc.txt", "v1").then().statusCode(201);
        Response locked = dav(d).header("Timeout", "Second-600")
                .contentType("application/xml")
                .body("<?xml version=\"1.0\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope>"
                        + "<D:locktype><D:write/></D:locktype><D:owner>tester</D:owner></D:lockinfo>")
                .request("LOCK", "/dav/doc.txt");
        locked.then()
                .statusCode(200)
                .body(containsString("<D:owner>tester</D:owner>"))
                .body(containsString("Second-"));
        String token = locked.header("Lock-Token");
        assertThat(token).startsWith("<opaquelocktoken:");

        put(d, "/dav/doc.txt", "v2").then().statusCode(423);
        dav(d).delete("/dav/doc.txt").then().statusCode(423);
        dav(d).header("If", "(" + token + ")")
                .body("v2".getBytes())
                .put("/dav/doc.txt")
                .then()
                .statusCode(204);
        assertThat(propfind(d, "/dav/doc.txt", "0").asString()).doesNotContain("opaquelocktoken");
        dav(d).header("Depth", "0")
                .body("<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:prop><D:lockdiscovery/>"
                        + "</D:prop></D:propfind>")
                .request("PROPFIND", "/dav/doc.txt")
                .then()
                .statusCode(207)
                .body(containsString(token.substring(1, token.length() - 1)));
        dav(d).header("Lock-Token", "<opaquelocktoken:not-this-one>")
                .request("UNLOCK", "/dav/doc.txt")
                .then()
                .statusCode(409);
        dav(d).header("Lock-Token", token)
                .request("UNLOCK", "/dav/doc.txt")
                .then()
                .statusCode(204);
        put(d, "/dav/doc.txt", "v3").then().statusCode(204);
    }

    @Test
    void aPutThatWouldNotFitInTheQuotaIsRefusedBeforeItsBytes() {
        Drive d = new Drive();
        TestKafka.send(
                Topics.INTERNAL_AUTH,
                d.user.toString(),
                EventCodec.write(CloudEvent.of(
                        "depot/auth-service",
                        "user.registered",
                        d.user.toString(),
                        d.user,
                        EventCodec.toData(new UserPayload(d.user, "q", "q@example.com", "password", 100L)))));
        Shares.await(
                "quota learnt",
                () -> ((Number) d.as().get("/api/cdn/storage/").path("total_available")).intValue(),
                100);
        put(d, "/dav/small.txt", "x".repeat(60)).then().statusCode(201);
        put(d, "/dav/big.txt", "y".repeat(60)).then().statusCode(413).body("error", equalTo("PayloadTooLarge"));
        dav(d).get("/dav/big.txt").then().statusCode(404);
        assertThat(propfind(d, "/dav/", "0").asString()).contains("<D:quota-available-bytes>40<");
    }

    @Test
    void hostileRequestsAreRefusedWithAReason() {
        Drive d = new Drive();
        // A document type (and with it any entity) is never read: no file or URL can be pulled in.
        dav(d).header("Depth", "0")
                .contentType("application/xml")
                .body("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                        + "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/></D:prop>&e;</D:propfind>")
                .request("PROPFIND", "/dav/")
                .then()
                .statusCode(400)
                .body(not(containsString("root:")));
        dav(d).header("Depth", "0")
                .body("<not-xml")
                .request("PROPFIND", "/dav/")
                .then()
                .statusCode(400);
        // An XML body is read up to 1 MiB, never further.
        dav(d).header("Depth", "0")
                .contentType("application/xml")
                .body(new byte[2 << 20])
                .request("PROPFIND", "/dav/")
                .then()
                .statusCode(413);
        dav(d).header("Depth", "infinity")
                .request("PROPFIND", "/dav/")
                .then()
                .statusCode(403)
                .body(containsString("propfind-finite-depth"));
        put(d, "/dav/a%2Fb.txt", "x").then().statusCode(400);
        // Dot segments never climb out of /dav/ (the HTTP server resolves them before any route: 404 then).
        assertThat(put(d, "/dav/%2E%2E/escape.txt", "x").statusCode()).isIn(400, 404);
        assertThat(put(d, "/dav/a/%2E%2E/%2E%2E/escape.txt", "x").statusCode()).isIn(400, 404, 409);
        dav(d).get("/dav/escape.txt").then().statusCode(404);
        dav(d).header("Content-Range", "bytes 0-1/2")
                .body("xx".getBytes())
                .put("/dav/part.txt")
                .then()
                .statusCode(400);
        dav(d).body("<x/>").request("MKCOL", "/dav/withbody").then().statusCode(415);
        dav(d).header("Destination", "http://elsewhere.example/other/x")
                .request("COPY", "/dav/")
                .then()
                .statusCode(502);
        put(d, "/dav/self.txt", "s").then().statusCode(201);
        dav(d).header("Destination", "/dav/self.txt")
                .request("MOVE", "/dav/self.txt")
                .then()
                .statusCode(403);
        dav(d).header("Destination", "/dav/other.txt")
                .header("Overwrite", "F")
                .request("COPY", "/dav/self.txt")
                .then()
                .statusCode(201);
        dav(d).header("Destination", "/dav/other.txt")
                .header("Overwrite", "F")
                .request("COPY", "/dav/self.txt")
                .then()
                .statusCode(412);
        dav(d).request("MKCOL", "/dav/box").then().statusCode(201);
        dav(d).header("Destination", "/dav/box/inner")
                .request("MOVE", "/dav/box")
                .then()
                .statusCode(403);
        for (String path : List.of("/dav/", "/dav/Shared")) {
            dav(d).delete(path).then().statusCode(403);
        }
    }
}
