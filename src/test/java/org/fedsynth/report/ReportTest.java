package org.fedsynth.report;

import static org.fedsynth.report.RunFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.fedsynth.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class ReportTest {

    /** Parses the page strictly (it is written as well-formed XML), without fetching any DTD. */
    static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
    }

    static Path sweep(Path tmp) throws Exception {
        Path s = tmp.resolve("sweep");
        run(s.resolve("vanilla__seed1"), NPZ, FEDAVG, false, 1, 0.0);
        run(s.resolve("attack__seed1"), NPZ, FEDAVG, true, 1, 0.4);
        run(s.resolve("feddetect__seed1"), NPZ, FEDDETECT, true, 1, 0.1);
        return s;
    }

    @Test
    void writesOneSelfContainedPageWithEverySection(@TempDir Path tmp) throws Exception {
        // Arrange
        Path s = sweep(tmp);
        Path out = tmp.resolve("out/report.html");

        // Act
        Report.Written w = Report.write(List.of(s), out, new Report.Options("T", "fedsynth report --runs sweep", System.out));

        // Assert
        assertEquals(3, w.runs());
        String html = Files.readString(out);
        Document doc = parse(html);
        for (String id : Report.SECTIONS) {
            Element sec = doc.getElementById(id) != null ? doc.getElementById(id) : find(doc, "section", id);
            assertNotNull(sec, "section #" + id);
            assertTrue(sec.getElementsByTagName("h2").getLength() == 1, "#" + id + " has a heading");
        }
        NodeList nav = doc.getElementsByTagName("nav").item(0).getChildNodes();
        assertTrue(((Element) doc.getElementsByTagName("nav").item(0)).getElementsByTagName("a").getLength() == Report.SECTIONS.size(), nav.toString());
        NodeList imgs = doc.getElementsByTagName("img");
        // 3 grids + 3 x (lossG, lossD) + 3 weights; no utility chart without eval.json
        assertEquals(12, imgs.getLength());
        for (int i = 0; i < imgs.getLength(); i++) {
            String src = ((Element) imgs.item(i)).getAttribute("src");
            assertTrue(src.startsWith("data:image/png;base64,"), "inline image");
            BufferedImage im = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1))));
            assertNotNull(im, "decodes as PNG");
        }
        assertFalse(html.contains("http://") || html.contains("https://"), "no network references");
        assertFalse(html.contains("<link") || html.contains("@import") || html.contains("url("), "no external resources");
        assertTrue(html.contains("not evaluated — run <code>fedsynth evaluate --run DIR</code>"), "utility placeholder");
        assertTrue(html.contains("fedsynth report --runs sweep"), "command line in the header");
        assertTrue(html.contains("malicious client 0"), "the attack is captioned");
        assertFalse(Files.list(out.getParent()).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "atomic write");
        // rows in the paper's order in the results table
        String results = html.substring(html.indexOf("<section id=\"results\""));
        assertTrue(results.indexOf(">vanilla<") < results.indexOf(">attack<")
                && results.indexOf(">attack<") < results.indexOf(">feddetect<"), "row order");
    }

    @Test
    void evaluatedRunsGetAUtilityChartAndFidelityColumns(@TempDir Path tmp) throws Exception {
        Path s = sweep(tmp);
        eval(s.resolve("attack__seed1"), 12.5, 0.9);
        Path out = tmp.resolve("r.html");

        Report.write(List.of(s.resolve("attack__seed1"), s.resolve("vanilla__seed1")), out, Report.Options.defaults());

        String html = Files.readString(out);
        Document doc = parse(html);
        Element utility = find(doc, "section", "utility");
        assertEquals(1, utility.getElementsByTagName("img").getLength(), "the Fig. 7 chart");
        assertTrue(html.contains("12.50"), "FD in the results table");
        assertTrue(html.contains("not evaluated for 1 of 2 runs"), "the run without eval.json is named as such");
        // The privacy section: the audited run's figures and its nearest-copies picture; the other is named.
        String privacy = html.substring(html.indexOf("<section id=\"privacy\""), html.indexOf("<section id=\"results\""));
        assertTrue(privacy.contains("<td>0.970</td>") && privacy.contains("0.520"), privacy);
        assertTrue(privacy.contains("client 1: 0.610"), "the most exposed client");
        assertTrue(privacy.contains("No privacy audit") && privacy.contains("vanilla"), "the unaudited run is named");
        assertEquals(0, find(doc, "section", "privacy").getElementsByTagName("img").getLength(), "no picture without its file");
        java.awt.image.BufferedImage strip = new java.awt.image.BufferedImage(40, 20, java.awt.image.BufferedImage.TYPE_INT_RGB);
        ImageIO.write(strip, "png", s.resolve("attack__seed1").resolve("privacy-nearest.png").toFile());
        Report.write(List.of(s.resolve("attack__seed1")), out, Report.Options.defaults());
        assertEquals(1, find(parse(Files.readString(out)), "section", "privacy").getElementsByTagName("img").getLength(),
                "the nearest-copies picture");
    }

    @Test
    void clearErrorsForBadArguments(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("r.html");
        ConfigException empty = assertThrows(ConfigException.class, () -> Report.write(List.of(), out, Report.Options.defaults()));
        assertTrue(empty.getMessage().contains("--runs"), empty.getMessage());
        ConfigException missing = assertThrows(ConfigException.class,
                () -> Report.write(List.of(tmp.resolve("nope")), out, Report.Options.defaults()));
        assertTrue(missing.getMessage().contains("nope: no such folder"), missing.getMessage());
        Files.createDirectories(tmp.resolve("empty"));
        ConfigException notRun = assertThrows(ConfigException.class,
                () -> Report.write(List.of(tmp.resolve("empty")), out, Report.Options.defaults()));
        assertTrue(notRun.getMessage().contains("config.resolved.yaml") && notRun.getMessage().contains("metrics.jsonl"),
                notRun.getMessage());
        assertFalse(Files.exists(out), "nothing written on error");
    }

    static Element find(Document doc, String tag, String id) {
        NodeList l = doc.getElementsByTagName(tag);
        List<Element> hits = new ArrayList<>();
        for (int i = 0; i < l.getLength(); i++) {
            if (id.equals(((Element) l.item(i)).getAttribute("id"))) {
                hits.add((Element) l.item(i));
            }
        }
        assertEquals(1, hits.size(), "exactly one <" + tag + " id=" + id + ">");
        return hits.get(0);
    }
}
