// The documents the pages send. Each is fixed text, so its APQ hash is stable and every
// reader's GET for a page in one language is the same URL. ``jsonLd`` is selected only
// when the API has it (see apiFeatures in api.js).

const META = "__typename id title summary locale translationStatus updated readingMinutes";
const TERMS = "terms { __typename id title summary locale }";
const LINK = "__typename id title locale";

function page(fields, jsonLd) {
  return jsonLd ? `${fields} jsonLd` : fields;
}

/** Every document of the site, with or without the ``jsonLd`` fields. */
export function documents({ jsonLd, searchRegion }) {
  const item = (fields) => page(`${META} ${fields}`, jsonLd);
  const body = `body(format: HTML) ${TERMS}`;
  return {
    chrome: `query Chrome($locale: String) {
  locales(locale: $locale) { code nativeName englishName direction pseudo source }
  contentInfo(locale: $locale) {
    title disclaimer urgentHelp licence locale
    translation { code production note clinicallyReviewed pseudo source }
  }
  crisisResources(locale: $locale, limit: 100) { items { __typename id regions fallback } }
}`,
    crisisBanner: `query CrisisBanner($locale: String, $region: String) {
  crisisResources(locale: $locale, region: $region, limit: 3) {
    items {
      __typename id title service fallback locale languages
      contacts { number tel kind } emergencyNumbers
    }
  }
}`,
    home: `query Home($locale: String) {
  approach(locale: $locale) {
    ${item(`${body} alsoCalled aims`)}
    relatedApproaches { ${item(`${body} alsoCalled abbreviation`)} }
  }
}`,
    principles: `query Principles($locale: String) {
  principles(locale: $locale, limit: 100) { items { ${item(`${body} techniques { ${LINK} }`)} } }
}`,
    techniques: `query Techniques($locale: String) {
  techniques(locale: $locale, limit: 100) {
    items {
      ${item(`${body} alsoCalled principles { ${LINK} } phases { ${LINK} } conditions { ${LINK} }`)}
    }
  }
}`,
    conditions: `query Conditions($locale: String) {
  conditions(locale: $locale, limit: 100) { items { ${item("alsoCalled")} } }
}`,
    condition: `query Condition($locale: String, $id: ID!) {
  condition(locale: $locale, id: $id) {
    ${item(`${body} alsoCalled caveats evidenceNote
      codes { system code display codeSystem codeSystemName }
      techniques { ${LINK} }
      relatedApproaches { ${LINK} abbreviation }
      evidence { ${LINK} citation year doi url }`)}
  }
}`,
    sessions: `query Sessions($locale: String) {
  sessionGuide(locale: $locale) {
    ${item(`${body} frequency minutes { min max } ifOverwhelmed
      expectations { id title summary locale }`)}
  }
  phases(locale: $locale, limit: 100) {
    items { ${item(`${body} order subtitle techniques { ${LINK} }`)} }
  }
  courseLength(locale: $locale) {
    ${item(`${body} shortTermSessions { min max } shortTermSummary
      longTermSpan { minUnit maxUnit } longTermSummary`)}
  }
}`,
    qualifications: `query Qualifications($locale: String) {
  qualifications(locale: $locale, limit: 100) {
    items {
      ${item(`${body} askYourself askYourTherapist licenceKinds { id title summary locale }`)}
    }
  }
}`,
    considerations: `query Considerations($locale: String) {
  considerations(locale: $locale, limit: 100) {
    items { ${item(`${body} askYourself askYourTherapist`)} }
  }
}`,
    glossary: `query Glossary($locale: String) {
  glossary(locale: $locale, limit: 100) {
    items {
      ${item(`alsoCalled body(format: HTML) seeAlso { ${LINK} } usedBy { type id title }`)}
    }
  }
}`,
    evidence: `query Evidence($locale: String) {
  references(locale: $locale, limit: 100) {
    items { ${item("citation authors journal year doi url conditions { " + LINK + " }")} }
  }
}`,
    crisis: `query Crisis($locale: String, $region: String) {
  crisisResources(locale: $locale, region: $region, limit: 100) {
    items {
      ${item(`service regions languages fallback free anonymous available24Hours
        emergencyNumbers contacts { number international tel kind }`)}
    }
  }
}`,
    term: `query Term($locale: String, $id: ID!) {
  glossaryTerm(locale: $locale, id: $id) { __typename id title summary locale }
}`,
    search: searchRegion
      ? `query Search($locale: String, $query: String!, $region: String) {
  search(locale: $locale, query: $query, first: 8, region: $region) { type id title snippet }
}`
      : `query Search($locale: String, $query: String!) {
  search(locale: $locale, query: $query, first: 8) { type id title snippet }
}`,
  };
}
