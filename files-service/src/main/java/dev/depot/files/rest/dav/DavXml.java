package dev.depot.files.rest.dav;

import dev.depot.common.error.ApiException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.ls.DOMImplementationLS;
import org.w3c.dom.ls.LSSerializer;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The XML of WebDAV bodies: parsed namespace-aware and without DTDs (no entity can expand or reach
 * a file), written by hand with every text escaped.
 */
final class DavXml {

    static final String DAV = "DAV:";

    /** A property's name: namespace ("" for none) and local name. */
    record Name(String namespace, String local) {

        static Name dav(String local) {
            return new Name(DAV, local);
        }

        static Name of(Element e) {
            return new Name(e.getNamespaceURI() == null ? "" : e.getNamespaceURI(), e.getLocalName());
        }

        /** An empty element of this name, declaring its namespace itself. */
        String empty() {
            if (DAV.equals(namespace)) {
                return "<D:" + local + "/>";
            }
            return namespace.isEmpty()
                    ? "<" + local + " xmlns=\"\"/>"
                    : "<x:" + local + " xmlns:x=\"" + escape(namespace) + "\"/>";
        }
    }

    private static final DocumentBuilderFactory FACTORY = DocumentBuilderFactory.newInstance();

    static {
        try {
            FACTORY.setNamespaceAware(true);
            FACTORY.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            FACTORY.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            FACTORY.setXIncludeAware(false);
            FACTORY.setExpandEntityReferences(false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final ErrorHandler QUIET = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private DavXml() {}

    /** The body's root element, null for an empty body; 400 for a body that is not namespace-well-formed XML. */
    static Element parse(byte[] body) {
        if (body == null || body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(QUIET);
            Document doc = builder.parse(new ByteArrayInputStream(body));
            return doc.getDocumentElement();
        } catch (SAXException | java.io.IOException | ParserConfigurationException e) {
            throw ApiException.validation("the request body is not well-formed XML: " + e.getMessage());
        }
    }

    static boolean is(Element e, String local) {
        return e != null && DAV.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
    }

    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    static Element child(Element parent, String local) {
        return children(parent).stream().filter(e -> is(e, local)).findFirst().orElse(null);
    }

    /** The element as XML, declaring every namespace it uses, so it reads the same anywhere. */
    static String serialize(Element e) {
        DOMImplementationLS ls =
                (DOMImplementationLS) e.getOwnerDocument().getImplementation().getFeature("LS", "3.0");
        LSSerializer s = ls.createLSSerializer();
        s.getDomConfig().setParameter("xml-declaration", false);
        return s.writeToString(e);
    }

    /** What an element holds, as XML (the owner of a lock). */
    static String contentOf(Element e) {
        StringBuilder out = new StringBuilder();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                out.append(serialize(child));
            } else if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                out.append(escape(n.getNodeValue()));
            }
        }
        return out.toString();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A 207 body: responses, each with propstats grouped by status, or one status. */
    static final class Multistatus {
        private final StringBuilder xml =
                new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\">");

        Multistatus response(String href, List<Propstat> propstats) {
            xml.append("<D:response><D:href>").append(escape(href)).append("</D:href>");
            for (Propstat p : propstats) {
                if (p.props().isEmpty()) {
                    continue;
                }
                xml.append("<D:propstat><D:prop>");
                p.props().forEach(xml::append);
                xml.append("</D:prop><D:status>").append(statusLine(p.status())).append("</D:status></D:propstat>");
            }
            xml.append("</D:response>");
            return this;
        }

        Multistatus response(String href, int status) {
            xml.append("<D:response><D:href>")
                    .append(escape(href))
                    .append("</D:href><D:status>")
                    .append(statusLine(status))
                    .append("</D:status></D:response>");
            return this;
        }

        /** What was written since the last call, for a response streamed as it is made. */
        String drain() {
            String part = xml.toString();
            xml.setLength(0);
            return part;
        }

        String end() {
            return xml.append("</D:multistatus>\n").toString();
        }
    }

    /** Properties (as XML) that share one status. */
    record Propstat(int status, List<String> props) {}

    static String statusLine(int status) {
        String reason =
                switch (status) {
                    case 200 -> "OK";
                    case 201 -> "Created";
                    case 204 -> "No Content";
                    case 403 -> "Forbidden";
                    case 404 -> "Not Found";
                    case 409 -> "Conflict";
                    case 412 -> "Precondition Failed";
                    case 423 -> "Locked";
                    case 424 -> "Failed Dependency";
                    default -> "Status";
                };
        return "HTTP/1.1 " + status + " " + reason;
    }
}
