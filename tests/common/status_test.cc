#include "common/status.h"

#include <gtest/gtest.h>

#include <string>

#include "common/result.h"

namespace kg {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.ToString(), "OK");
}

TEST(StatusTest, CodesAndMessages) {
  Status busy = Status::Busy("db locked");
  EXPECT_FALSE(busy.ok());
  EXPECT_TRUE(busy.IsBusy());
  EXPECT_FALSE(busy.IsIOError());
  EXPECT_EQ(busy.ToString(), "Busy: db locked");
  EXPECT_TRUE(Status::NotSupported("v9").IsNotSupported());
  EXPECT_TRUE(Status::InputError("x").IsInputError());
}

TEST(StatusTest, WithContextPrefixesErrorsOnly) {
  EXPECT_EQ(Status::NotFound("no such file").WithContext("a.txt").message(),
            "a.txt: no such file");
  EXPECT_TRUE(Status::Ok().WithContext("a.txt").ok());
}

Status FailWhen(bool fail) {
  KG_RETURN_IF_ERROR(fail ? Status::IOError("disk") : Status::Ok());
  return Status::Corruption("reached the end");
}

TEST(StatusTest, ReturnIfErrorReturnsEarly) {
  EXPECT_TRUE(FailWhen(true).IsIOError());
  EXPECT_TRUE(FailWhen(false).IsCorruption());
}

Result<int> Half(int n) {
  if (n % 2 != 0) return Status::InvalidArgument("odd");
  return n / 2;
}

Result<int> Quarter(int n) {
  KG_ASSIGN_OR_RETURN(int half, Half(n));
  KG_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(ResultTest, ValueOrStatus) {
  Result<int> ok = Quarter(8);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 2);
  Result<int> bad = Quarter(6);
  EXPECT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().IsInvalidArgument());
}

}  // namespace
}  // namespace kg
