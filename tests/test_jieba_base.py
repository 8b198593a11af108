"""Tokenizers copied from one loaded jieba dictionary stay independent of each other."""

from __future__ import annotations

import jieba

from extractor.jieba_base import fresh_tokenizer


def test_words_added_to_one_tokenizer_stay_in_it() -> None:
    first, second = fresh_tokenizer(), fresh_tokenizer()
    text = "推进渝西高铁建设"
    before = second.lcut(text, HMM=False)
    first.add_word("渝西高铁", 100000)
    assert "渝西高铁" in first.lcut(text, HMM=False)
    assert second.lcut(text, HMM=False) == before
    assert "渝西高铁" not in jieba.lcut(text, HMM=False)


def test_a_copy_segments_like_the_stock_dictionary() -> None:
    text = "全年完成项目数量的培训覆盖率达到百分之九十五"
    stock = jieba.Tokenizer()
    assert fresh_tokenizer().lcut(text, HMM=False) == stock.lcut(text, HMM=False)
