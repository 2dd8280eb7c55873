/**
 * Look-alike letters that Unicode compatibility decomposition (NFKD) does not fold to Latin,
 * because they are letters of other scripts, not styled Latin. Fullwidth, mathematical and
 * circled forms are left to NFKD. The list covers the Cyrillic and Greek letters that are
 * indistinguishable from Latin in common fonts, plus a few other frequent confusables
 * (after the Unicode confusables data, restricted to single Latin letters).
 */
export const HOMOGLYPHS: Readonly<Record<string, string>> = {
  // Cyrillic lower case
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't',
  у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', ь: 'b', һ: 'h',
  ӏ: 'l',
  // Cyrillic upper case
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X',
  У: 'Y', Ѕ: 'S', І: 'I', Ј: 'J', Ԁ: 'D', Ԛ: 'Q', Ԝ: 'W', Ӏ: 'I', Һ: 'H',
  // Greek lower case
  α: 'a', β: 'b', γ: 'y', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u',
  χ: 'x', ω: 'w',
  // Greek upper case
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P',
  Τ: 'T', Υ: 'Y', Χ: 'X',
  // Latin variants NFKD keeps, and a Cherokee look-alike
  ı: 'i', ȷ: 'j', ɡ: 'g', ɑ: 'a', ꞵ: 'b', ꮪ: 's',
};
