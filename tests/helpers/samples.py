"""A scraped raw source in miniature, for the import rules' and the importer's tests.

It has what a real one has: search-engine title lines at the top, ASCII
punctuation between Chinese characters, speaker labels, a paragraph without
one, a "想获得更多……" teaser and an ICP licence footer.
"""

RAW = """浙江大学药学院考研(浙江大学药学院考研科目)

浙江大学药学院考研,浙江大学药学院考研科目

导语第一段,介绍受访者。

雷峰网:第一个问题?

受访者:第一个回答的第一段。

第一个回答的第二段,没有说话人标签。

雷峰网:第二个问题?

受访者:第二个回答。

想获得更多考研相关资料

京ICP备14027590号
"""
