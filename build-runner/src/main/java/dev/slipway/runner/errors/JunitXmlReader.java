package dev.slipway.runner.errors;

import dev.slipway.events.NormalizedError;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Failed and errored test cases of a JUnit XML report (Surefire, Gradle, pytest --junitxml,
 * go-junit and most others write this format). A report that does not parse yields nothing: the
 * log's matchers still run.
 */
final class JunitXmlReader {

  List<NormalizedError> read(String xml) {
    List<NormalizedError> errors = new ArrayList<>();
    try {
      NodeList cases =
          parser().parse(new InputSource(new StringReader(xml))).getElementsByTagName("testcase");
      for (int i = 0; i < cases.getLength(); i++) {
        Element testCase = (Element) cases.item(i);
        for (String kind : List.of("failure", "error")) {
          NodeList problems = testCase.getElementsByTagName(kind);
          if (problems.getLength() > 0) {
            errors.add(toError(testCase, (Element) problems.item(0)));
          }
        }
      }
    } catch (IOException | SAXException e) {
      return List.of();
    }
    return errors;
  }

  private static NormalizedError toError(Element testCase, Element problem) {
    String message = problem.getAttribute("message");
    if (message.isBlank()) {
      message = problem.getAttribute("type");
    }
    if (message.isBlank()) {
      message = problem.getTextContent().strip().lines().findFirst().orElse(problem.getTagName());
    }
    String file = testCase.getAttribute("file");
    String line = testCase.getAttribute("line");
    return new NormalizedError(
        "junit",
        file.isBlank() ? testCase.getAttribute("classname") : file,
        line.matches("\\d+") ? Integer.valueOf(line) : null,
        null,
        testCase.getAttribute("name") + ": " + message.strip());
  }

  /** No DTDs and no external entities: reports come from the user's build. */
  private static DocumentBuilder parser() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a required feature", e);
    }
  }
}
