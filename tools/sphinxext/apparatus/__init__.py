"""The scholarly apparatus around the text: the bibliography's check,
previews of terms, citations and ¶ references, reference-manager metadata,
the annotations as W3C Web Annotations and the general index in pinyin
order."""
